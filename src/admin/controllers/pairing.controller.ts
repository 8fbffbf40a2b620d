import { Controller, Get, Header, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { StaffRequest } from '../auth/staff.guard';
import { pairingPage } from '../pages/pairing.page';
import { threadPage } from '../pages/thread.page';
import { PairingAdminService } from '../services/pairing-admin.service';
import { ThreadAdminService } from '../services/thread-admin.service';
import { pageContext } from './page-context';

@ApiExcludeController()
@Controller('admin')
export class PairingController {
  constructor(
    private readonly pairings: PairingAdminService,
    private readonly threads: ThreadAdminService,
  ) {}

  @Get('pairings/:id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async show(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest): Promise<string> {
    return pairingPage(pageContext(req), await this.pairings.view(id));
  }

  @Post('pairings/:id/:action')
  async act(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('action') action: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.pairings.act(id, action);
    res.redirect(303, `/admin/pairings/${id}`);
  }

  @Get('threads/:id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async thread(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest): Promise<string> {
    const ctx = pageContext(req);
    return threadPage(ctx, await this.threads.read(id, ctx.staffId));
  }
}
