import { BadRequestException, Controller, Get, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { cookieOptions } from '../auth/session-cookie';
import { validZone, ZONE_COOKIE } from '../html/viewer-zone';
import { FormBody } from './form-body';
import { StaffAuthService } from '../auth/staff-auth.service';
import type { StaffRequest } from '../auth/staff.guard';
import { accountPage } from '../pages/account.page';
import { CoordinatorsService } from '../services/coordinators.service';
import { pageContext } from './page-context';

@ApiExcludeController()
@Controller('admin/account')
export class AccountController {
  constructor(
    private readonly auth: StaffAuthService,
    private readonly config: AppConfig,
    private readonly coordinators: CoordinatorsService,
  ) {}

  private async digestSettings(staffId: string) {
    const [on, programmes] = await Promise.all([
      this.auth.weeklyDigest(staffId),
      this.coordinators.programmesOf(staffId),
    ]);
    return { on, programmes };
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async show(@Req() req: StaffRequest): Promise<string> {
    const ctx = pageContext(req);
    const notice = typeof req.query.notice === 'string' ? req.query.notice : undefined;
    return accountPage(ctx, undefined, await this.digestSettings(ctx.staffId), notice);
  }

  /** A display preference of this browser: a cookie for a year, read by every admin page. */
  @Post('time-zone')
  timeZone(@FormBody() body: Record<string, unknown>, @Res() res: Response): void {
    const zone = validZone(body.timeZone);
    if (!zone) throw new BadRequestException('Unknown time zone');
    const expires = new Date(Date.now() + 365 * 86_400_000);
    res.cookie(ZONE_COOKIE, zone, cookieOptions(this.config, expires));
    res.redirect(303, `/admin/account?notice=${encodeURIComponent(`Times are now shown in ${zone}.`)}`);
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
    return accountPage(ctx, token, await this.digestSettings(ctx.staffId));
  }
}
