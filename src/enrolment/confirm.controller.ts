import { Controller, Get, Header, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CONFIRM_CSP,
  confirmPage,
  confirmedPage,
  consentedPage,
  consentPage,
  notFoundPage,
  withdrawnPage,
  type ConfirmTarget,
} from './confirm-page';
import { LinkConfirmations } from './link-confirmations.service';

/**
 * /confirm/<token>, /consent/<token> and /consent/<token>/withdraw: GET shows what the button does and changes nothing
 * (mail scanners fetch links); POST does it. The token is the secret (>= 80 random bits) and no
 * cookie is involved, so a forged cross-site POST would need the token it cannot know.
 */
@ApiExcludeController()
@Controller()
export class ConfirmController {
  constructor(private readonly links: LinkConfirmations) {}

  @Get('confirm/:token')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CONFIRM_CSP)
  async showConfirm(@Param('token') token: string, @Res({ passthrough: true }) res: Response) {
    return this.page(await this.links.describeConfirm(token), res, (t) =>
      confirmPage(t, `/confirm/${encodeURIComponent(token)}`),
    );
  }

  @Post('confirm/:token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CONFIRM_CSP)
  async confirm(@Param('token') token: string, @Res({ passthrough: true }) res: Response) {
    return this.page(await this.links.confirm(token), res, confirmedPage);
  }

  @Get('consent/:token')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CONFIRM_CSP)
  async showConsent(@Param('token') token: string, @Res({ passthrough: true }) res: Response) {
    return this.page(await this.links.describeConsent(token), res, (t) =>
      consentPage(t, `/consent/${encodeURIComponent(token)}`),
    );
  }

  @Post('consent/:token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CONFIRM_CSP)
  async consent(@Param('token') token: string, @Res({ passthrough: true }) res: Response) {
    return this.page(await this.links.consent(token), res, (t) =>
      consentedPage(t, `/consent/${encodeURIComponent(token)}`),
    );
  }

  /** The withdrawal's own address shows the consent page (its button): a fetched link changes nothing. */
  @Get('consent/:token/withdraw')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CONFIRM_CSP)
  async showWithdraw(@Param('token') token: string, @Res({ passthrough: true }) res: Response) {
    return this.showConsent(token, res);
  }

  @Post('consent/:token/withdraw')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CONFIRM_CSP)
  async withdraw(@Param('token') token: string, @Res({ passthrough: true }) res: Response) {
    return this.page(await this.links.withdrawConsent(token), res, (t) =>
      t.withdrawal
        ? withdrawnPage({ ...t, withdrawal: t.withdrawal })
        : consentPage(t, `/consent/${encodeURIComponent(token)}`),
    );
  }

  private page(target: ConfirmTarget | null, res: Response, render: (t: ConfirmTarget) => string): string {
    if (!target) {
      res.status(404);
      return notFoundPage();
    }
    return render(target);
  }
}
