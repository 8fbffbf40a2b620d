import { Controller, Get, Header, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { StaffRequest } from '../auth/staff.guard';
import { FormBody } from '../controllers/form-body';
import { pageContext } from '../controllers/page-context';
import { ParticipantAdminService } from './participant-admin.service';
import { ParticipantRemovalService } from './participant-removal.service';
import { participantPage, removeParticipantPage } from './participant.page';
import { ScreeningAdminService } from './screening-admin.service';
import { screeningNotice } from './screening.page';

@ApiExcludeController()
@Controller('admin/participants')
export class ParticipantController {
  constructor(
    private readonly participants: ParticipantAdminService,
    private readonly removal: ParticipantRemovalService,
    private readonly screening: ScreeningAdminService,
  ) {}

  @Get(':id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async show(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest, @Query('notice') notice?: string) {
    return participantPage(pageContext(req), await this.participants.view(id), { notice });
  }

  /** A valid edit redirects with what changed; an invalid one shows the form again with its problems. */
  @Post(':id')
  async save(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ): Promise<void> {
    const ctx = pageContext(req);
    const result = await this.participants.save(id, body, ctx.staffId);
    if (!result.ok) {
      const v = await this.participants.view(id);
      res.status(400).type('html').send(participantPage(ctx, v, { errors: result.errors, values: body }));
      return;
    }
    const notice = result.changed.length
      ? `Saved: ${result.changed.join(', ')}.${result.lifted.length ? ` ${result.lifted.join(', ')} is no longer suppressed.` : ''}`
      : 'Nothing changed.';
    res.redirect(303, `/admin/participants/${id}?notice=${encodeURIComponent(notice)}`);
  }

  /** Records or clears a check; clearing only with the confirmation ticked (a bare POST clears nothing). */
  @Post(':id/screening')
  async screen(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ): Promise<void> {
    const ctx = pageContext(req);
    const result = await this.screening.fromForm(id, body, ctx.staffId);
    if (!result.ok) {
      const v = await this.participants.view(id);
      res.status(400).type('html').send(participantPage(ctx, v, { errors: [result.error] }));
      return;
    }
    const notice = screeningNotice(result.outcome);
    res.redirect(303, `/admin/participants/${id}?notice=${encodeURIComponent(notice)}`);
  }

  @Get(':id/remove')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async confirmRemove(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest) {
    return removeParticipantPage(pageContext(req), await this.participants.view(id));
  }

  /** Only with the confirmation ticked: a bare POST (a stray click, a replayed form) removes nobody. */
  @Post(':id/remove')
  async remove(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ): Promise<void> {
    const ctx = pageContext(req);
    if (body.confirm !== 'yes') {
      const v = await this.participants.view(id);
      res.status(400).type('html').send(removeParticipantPage(ctx, v, 'Tick the box to confirm the removal.'));
      return;
    }
    const done = await this.removal.remove(id, ctx.staffId);
    const notice = `A participant was removed with their data (${done.pairingsEnded} pairing(s) ended, ${done.circlesLeft} circle(s) or room(s) left).`;
    res.redirect(303, `/admin/programmes/${done.programmeId}?notice=${encodeURIComponent(notice)}`);
  }
}
