import { Controller, Get, Header, HttpCode, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  UNSUBSCRIBE_CSP,
  actions,
  confirmPage,
  donePage,
  notFoundPage,
  pausedPage,
  resubscribedPage,
} from './unsubscribe-page';
import {
  PAUSE_CHOICES,
  UnsubscribeService,
  type PauseWeeks,
  type UnsubscribeTarget,
} from './unsubscribe.service';

type Page = (t: UnsubscribeTarget, a: ReturnType<typeof actions>) => string;

/**
 * /u/<token>: GET shows the choices and changes nothing; POST (the RFC 8058 one-click from the
 * mail client, or the page's button) unsubscribes; /pause/<weeks> and /resubscribe are the
 * page's other buttons. No body is read, so none is parsed.
 */
@Controller('u')
export class UnsubscribeController {
  constructor(private readonly service: UnsubscribeService) {}

  @Get(':token')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', UNSUBSCRIBE_CSP)
  async confirm(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    return this.answer(token, await this.service.describe(token), confirmPage, res);
  }

  @Post(':token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', UNSUBSCRIBE_CSP)
  async unsubscribe(
    @Param('token') token: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    return this.answer(token, await this.service.unsubscribe(token), donePage, res);
  }

  @Post(':token/pause/:weeks')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', UNSUBSCRIBE_CSP)
  async pause(
    @Param('token') token: string,
    @Param('weeks', ParseIntPipe) weeks: number,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    if (!PAUSE_CHOICES.includes(weeks as PauseWeeks)) return this.answer(token, null, pausedPage, res);
    return this.answer(token, await this.service.pause(token, weeks as PauseWeeks), pausedPage, res);
  }

  @Post(':token/resubscribe')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', UNSUBSCRIBE_CSP)
  async resubscribe(
    @Param('token') token: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    return this.answer(token, await this.service.resubscribe(token), resubscribedPage, res);
  }

  private answer(token: string, target: UnsubscribeTarget | null, render: Page, res: Response): string {
    if (!target) {
      res.status(404);
      return notFoundPage();
    }
    return render(target, actions(`/u/${encodeURIComponent(token)}`));
  }
}
