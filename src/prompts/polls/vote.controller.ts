import { Controller, Get, Header, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { VoteLinkService } from './vote-link.service';
import { VOTE_CSP, votePage } from './vote-page';

/** The page's own URL, relative: right under any path prefix PUBLIC_URL has behind a proxy. */
const selfAction = (token: string) => encodeURIComponent(token);

/**
 * /v/<token>: a poll option's one-tap link. GET shows the choice and one confirm button and
 * changes nothing (link scanners follow GETs); the button's POST records the vote. No body is read.
 */
@Controller('v')
export class VoteController {
  constructor(private readonly votes: VoteLinkService) {}

  @Get(':token')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', VOTE_CSP)
  async confirm(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const { status, html } = votePage(await this.votes.describe(token), selfAction(token));
    res.status(status);
    return html;
  }

  @Post(':token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', VOTE_CSP)
  async vote(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const { status, html } = votePage(await this.votes.record(token), selfAction(token));
    res.status(status);
    return html;
  }
}
