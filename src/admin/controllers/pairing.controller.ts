import { Controller, Get, Header, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { PairingClosureService } from '../../closing/pairing-closure.service';
import { AdminInputError } from '../admin.errors';
import type { StaffRequest } from '../auth/staff.guard';
import { FormBody } from './form-body';
import { pairingPage, pairingRequests } from '../pages/pairing.page';
import { threadPage } from '../pages/thread.page';
import { PairingAdminService } from '../services/pairing-admin.service';
import { QueueActionsService } from '../services/queue-actions.service';
import { ThreadAdminService } from '../services/thread-admin.service';
import { pageContext } from './page-context';

@ApiExcludeController()
@Controller('admin')
export class PairingController {
  constructor(
    private readonly pairings: PairingAdminService,
    private readonly threads: ThreadAdminService,
    private readonly closure: PairingClosureService,
    private readonly queueActions: QueueActionsService,
  ) {}

  @Get('pairings/:id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async show(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest): Promise<string> {
    return pairingPage(pageContext(req), await this.pairings.view(id, pairingRequests(req.query)), req.query);
  }

  /** Ends the pair: the form's required checkbox is the confirmation, checked again here. */
  @Post('pairings/:id/close')
  async close(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ): Promise<void> {
    if (body.confirm !== 'yes') throw new AdminInputError('Tick the box to confirm the end of this pairing.');
    await this.closure.close(id, {
      reason: body.rematch === 'yes' ? 'rematch' : 'staff',
      neverAgain: body.neverAgain === 'yes',
      note: typeof body.note === 'string' ? body.note : null,
      staffId: req.staff!.staffId,
    });
    res.redirect(303, `/admin/pairings/${id}`);
  }

  @Post('pairings/:id/continue')
  async invite(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.closure.inviteToContinue(id, String(body.endsOn ?? ''), req.staff!.staffId);
    res.redirect(303, `/admin/pairings/${id}`);
  }

  /**
   * Resume, by the pairing page's button. Pause and end tell both members by email, so they go only
   * through the work queue's confirmed form (the same service, the same tick box checked), never a
   * bare POST here: without the tick, a 400 and nothing changes.
   */
  @Post('pairings/:id/:action')
  async act(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('action') action: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ): Promise<void> {
    if (action === 'pause' || action === 'end') {
      const staff = { staffId: req.staff!.staffId, staffEmail: req.staff!.email };
      await this.queueActions.pauseOrEnd(id, action, { confirm: body.confirm, note: body.note }, staff);
    } else {
      await this.pairings.act(id, action, req.staff!.staffId);
    }
    res.redirect(303, `/admin/pairings/${id}`);
  }

  @Get('threads/:id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async thread(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest): Promise<string> {
    const ctx = pageContext(req);
    return threadPage(ctx, await this.threads.read(id, ctx.staffId));
  }
}
