import { Controller, Get, Header, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { UNSUBSCRIBE_CSP, confirmPage, donePage, notFoundPage } from './unsubscribe-page';
import { UnsubscribeService } from './unsubscribe.service';

/**
 * /u/<token>: GET shows a confirmation and changes nothing; POST (the RFC 8058 one-click from
 * the mail client, or the page's button) unsubscribes. No body is read, so none is parsed.
 */
@Controller('u')
export class UnsubscribeController {
  constructor(private readonly service: UnsubscribeService) {}

  @Get(':token')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', UNSUBSCRIBE_CSP)
  async confirm(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const target = await this.service.describe(token);
    if (!target) {
      res.status(404);
      return notFoundPage();
    }
    return confirmPage(target.name, `/u/${encodeURIComponent(token)}`, target.alreadyStopped);
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
    const target = await this.service.unsubscribe(token);
    if (!target) {
      res.status(404);
      return notFoundPage();
    }
    return donePage(target.name);
  }
}
