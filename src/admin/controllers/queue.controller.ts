import { Controller, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { StaffRequest } from '../auth/staff.guard';
import { QueueActionsService, type Staff } from '../services/queue-actions.service';
import { FormBody } from './form-body';

/** Only back to the queue or this pairing's page: never a redirect to an address from the form. */
function backTo(body: Record<string, unknown>, pairingId: string): string {
  return body.back === `/admin/pairings/${pairingId}` ? body.back : '/admin/attention';
}

function staffOf(req: StaffRequest): Staff {
  return { staffId: req.staff!.staffId, staffEmail: req.staff!.email };
}

/** The work queue's actions on one pairing; each is kept in the pairing's history. */
@ApiExcludeController()
@Controller('admin/queue/:id')
export class QueueController {
  constructor(private readonly actions: QueueActionsService) {}

  @Post('resolve')
  async resolve(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.actions.resolve(id, body.signal, body.note, staffOf(req));
    res.redirect(303, `${backTo(body, id)}?done=resolved`);
  }

  @Post('snooze')
  async snooze(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.actions.snooze(id, body.signal, body.days, body.note, staffOf(req));
    res.redirect(303, `${backTo(body, id)}?done=snoozed`);
  }

  @Post('write')
  async write(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.actions.write(id, { participantId: body.participantId, subject: body.subject, body: body.body }, staffOf(req));
    res.redirect(303, `${backTo(body, id)}?done=sent`);
  }

  @Post('pause')
  async pause(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.actions.pauseOrEnd(id, 'pause', { confirm: body.confirm, note: body.note }, staffOf(req));
    res.redirect(303, `${backTo(body, id)}?done=paused`);
  }

  @Post('end')
  async end(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.actions.pauseOrEnd(id, 'end', { confirm: body.confirm, note: body.note }, staffOf(req));
    res.redirect(303, `${backTo(body, id)}?done=ended`);
  }
}
