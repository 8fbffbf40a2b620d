import { Controller, Get, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { FormBody } from './form-body';
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
  async show(@Req() req: StaffRequest): Promise<string> {
    const ctx = pageContext(req);
    return accountPage(ctx, undefined, await this.auth.weeklyDigest(ctx.staffId));
  }

  /** The weekly staff digest on or off (a checkbox: absent means off). */
  @Post('digest')
  async digest(@Req() req: StaffRequest, @FormBody() body: Record<string, unknown>, @Res() res: Response) {
    await this.auth.setWeeklyDigest(pageContext(req).staffId, body.weeklyDigest === 'yes');
    res.redirect(303, '/admin/account');
  }

  /** Answers with the page itself (not a redirect) so the token is never in a URL or stored. */
  @Post('token')
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async token(@Req() req: StaffRequest): Promise<string> {
    const ctx = pageContext(req);
    const token = await this.auth.issueApiToken(ctx.staffId);
    return accountPage(ctx, token, await this.auth.weeklyDigest(ctx.staffId));
  }
}
