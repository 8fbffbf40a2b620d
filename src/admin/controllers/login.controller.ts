import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { Public } from '../auth/public.decorator';
import { LOGIN_CSRF_COOKIE, SESSION_COOKIE, cookieOptions, readCookie } from '../auth/session-cookie';
import { StaffAuthService, type LoginRefusal } from '../auth/staff-auth.service';
import type { StaffRequest } from '../auth/staff.guard';
import { randomToken, sameToken } from '../auth/tokens';
import { loginPage } from '../pages/login.page';
import { FormBody } from './form-body';

/** Only same-site admin paths, so the login form cannot be used as an open redirect. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/|$|\?)/.test(next) && !next.startsWith('//')
    ? next
    : '/admin';
}

const REFUSALS: { readonly [R in LoginRefusal]: [number, string] } = {
  invalid: [401, 'Wrong email or password.'],
  rate_limited: [429, 'Too many failed attempts. Wait 15 minutes and try again.'],
  busy: [503, 'Too many logins at once. Try again in a few seconds.'],
};

@ApiExcludeController()
@Controller('admin')
export class LoginController {
  constructor(
    private readonly auth: StaffAuthService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('login')
  form(@Query('next') next: string | undefined, @Res() res: Response): void {
    const csrfToken = randomToken();
    res.cookie(LOGIN_CSRF_COOKIE, csrfToken, cookieOptions(this.config));
    res.type('html').send(loginPage({ csrfToken, next: safeNext(next) }));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ): Promise<void> {
    const next = safeNext(body.next);
    const email = typeof body.email === 'string' ? body.email : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const cookieToken = readCookie(req, LOGIN_CSRF_COOKIE);
    const fresh = randomToken();
    const again = (status: number, error: string) => {
      res.cookie(LOGIN_CSRF_COOKIE, fresh, cookieOptions(this.config));
      res
        .status(status)
        .type('html')
        .send(loginPage({ csrfToken: fresh, next, error, email }));
    };
    if (!cookieToken || !sameToken(body._csrf, cookieToken)) {
      return again(403, 'The form expired. Please log in again.');
    }
    const result = await this.auth.login(email, password, req.ip ?? 'unknown');
    if (!result.ok) {
      if (result.reason === 'busy') res.setHeader('Retry-After', '5');
      const [status, error] = REFUSALS[result.reason];
      return again(status, error);
    }
    res.clearCookie(LOGIN_CSRF_COOKIE, cookieOptions(this.config));
    // A browser-session cookie: the sliding expiry lives in PostgreSQL, not in the browser.
    res.cookie(SESSION_COOKIE, result.sessionToken, cookieOptions(this.config));
    res.redirect(303, next);
  }

  @Post('logout')
  async logout(@Req() req: StaffRequest, @Res() res: Response): Promise<void> {
    if (req.staff?.sessionHash) await this.auth.logout(req.staff.sessionHash);
    res.clearCookie(SESSION_COOKIE, cookieOptions(this.config));
    res.redirect(303, '/admin/login');
  }
}
