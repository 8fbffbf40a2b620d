import { Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { StaffAuthService } from '../auth/staff-auth.service';
import type { StaffRequest } from '../auth/staff.guard';
import { accountPage } from '../pages/account.page';
import { pageContext } from './page-context';

@ApiExcludeController()
@Controller('admin/account')
export class AccountController {
  constructor(private readonly auth: StaffAuthService) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  show(@Req() req: StaffRequest): string {
    return accountPage(pageContext(req));
  }

  /** Answers with the page itself (not a redirect) so the token is never in a URL or stored. */
  @Post('token')
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async token(@Req() req: StaffRequest): Promise<string> {
    const ctx = pageContext(req);
    return accountPage(ctx, await this.auth.issueApiToken(ctx.staffId));
  }
}
