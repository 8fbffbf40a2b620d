import { Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { StaffRequest } from '../auth/staff.guard';
import { hourText, WEEKDAYS } from '../html/format';
import {
  programmeOverviewPage,
  programmeSchedulePage,
  programmeTabHref,
  type ProgrammeTab,
} from '../pages/programme.page';
import { importPreviewPage, programmeImportPage } from '../pages/programme-import.page';
import { programmeParticipantsPage, programmePairingsPage } from '../pages/programme-people.page';
import { CoordinatorsService } from '../services/coordinators.service';
import { ProgrammeImportService } from '../services/programme-import.service';
import { ProgrammeAdminService } from '../services/programme-admin.service';
import { InviteService } from '../../enrolment/invite.service';
import { asAdmin } from '../api/invite-errors';
import { type CsvEncoding, decodeCsvUpload } from '../../common/csv-upload';
import { FormBody } from './form-body';
import { pageContext } from './page-context';

type UploadRequest = StaffRequest & { file?: { buffer: Buffer } };

/** After a save, back to the sub-page the form was on, with the notice saying what changed. */
function backTo(res: Response, id: string, tab: ProgrammeTab, notice: string): void {
  res.redirect(303, `${programmeTabHref(id, tab)}?notice=${encodeURIComponent(notice)}`);
}

function noticeOf(req: StaffRequest): string | undefined {
  return typeof req.query.notice === 'string' ? req.query.notice : undefined;
}

/** The uploaded file wins over the pasted text (a form field, so already UTF-8). */
function csvOf(req: UploadRequest, body: Record<string, unknown>): { text: string; encoding?: CsvEncoding } {
  if (req.file?.buffer?.length) return decodeCsvUpload(req.file.buffer);
  return { text: typeof body.csv === 'string' ? body.csv : '' };
}

@ApiExcludeController()
@Controller('admin/programmes')
export class ProgrammeController {
  constructor(
    private readonly programmes: ProgrammeAdminService,
    private readonly imports: ProgrammeImportService,
    private readonly invites: InviteService,
    private readonly coordinators: CoordinatorsService,
  ) {}

  /** Staff invitations by CSV: the confirmation email to each new address; a problem anywhere sends nothing. */
  @Post(':id/invites')
  async invite(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const { plan, invited, skipped } = await asAdmin(() =>
      this.invites.importCsv(id, typeof body.invites === 'string' ? body.invites : ''),
    );
    const problems = [
      ...plan.fileErrors,
      ...plan.rows.filter((r) => r.errors.length).map((r) => `line ${r.line}: ${r.errors.join('; ')}`),
    ];
    const notice = plan.ok
      ? `Invited ${invited} participant(s); ${skipped} already in the programme.`
      : `Nothing was sent. ${problems.join(' ')}`;
    backTo(res, id, plan.ok ? 'participants' : 'import', notice);
  }

  @Get(':id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async show(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest): Promise<string> {
    const [view, coordinators] = await Promise.all([this.programmes.view(id), this.coordinators.view(id)]);
    return programmeOverviewPage(pageContext(req), view, coordinators, noticeOf(req));
  }

  @Post(':id/coordinators')
  async addCoordinator(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    await this.coordinators.add(id, body.staffId);
    backTo(res, id, 'overview', 'Coordinator added: their weekly digest now covers this programme.');
  }

  @Post(':id/coordinators/:staffId/remove')
  async removeCoordinator(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('staffId', ParseUUIDPipe) staffId: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.coordinators.remove(id, staffId);
    backTo(res, id, 'overview', 'Coordinator removed.');
  }

  @Get(':id/pairings')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async pairings(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest): Promise<string> {
    return programmePairingsPage(pageContext(req), await this.programmes.view(id), noticeOf(req), req.query);
  }

  @Get(':id/participants')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async participants(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest): Promise<string> {
    return programmeParticipantsPage(
      pageContext(req),
      await this.programmes.view(id),
      noticeOf(req),
      req.query,
    );
  }

  @Get(':id/schedule')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async schedule(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest): Promise<string> {
    return programmeSchedulePage(pageContext(req), await this.programmes.view(id), noticeOf(req));
  }

  @Get(':id/import')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async importForm(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest): Promise<string> {
    return programmeImportPage(pageContext(req), await this.programmes.programme(id), noticeOf(req));
  }

  @Post(':id/schedule')
  async updateSchedule(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const p = await this.programmes.updateSchedule(id, body);
    const notice = `Saved: prompts on ${WEEKDAYS[p.sendWeekday]} at ${hourText(p.sendHour)} local time, from each pairing's next step.`;
    backTo(res, id, 'schedule', notice);
  }

  @Post(':id/limits')
  async updateLimits(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const p = await this.programmes.updateLimits(id, body);
    const notice = `Saved: at most ${p.senderLimit} emails per sender, ${p.pairingLimit} per pairing and ${p.loopLimit} exchanged between two addresses, per ${p.floodWindowMinutes} minutes.`;
    backTo(res, id, 'overview', notice);
  }

  @Post(':id/attention')
  async updateAttention(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const p = await this.programmes.updateAttention(id, body);
    const notice =
      `Saved: a first exchange is due by day ${p.firstExchangeDays}, a reply within ${p.owedReplyDays} days; ` +
      `reminders after ${p.nudgeAfterDays} days, at most ${p.nudgeMax}.`;
    backTo(res, id, 'overview', notice);
  }

  @Post(':id/lifecycle')
  async updateLifecycle(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const p = await this.programmes.updateLifecycle(id, body);
    const notice =
      `Saved: joining by email ${p.joinEnabled ? 'on' : 'off'}, matching by ${p.matchingMode}` +
      `${p.endsOn ? `, ending on ${p.endsOn}` : ', no planned end'}.`;
    backTo(res, id, 'overview', notice);
  }

  @Post(':id/pairings')
  async createPairing(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const mentees = [body.menteeIds].flat().filter((x): x is string => typeof x === 'string');
    const pairingId = await this.programmes.createPairing(id, String(body.mentorId ?? ''), mentees);
    res.redirect(303, `/admin/pairings/${pairingId}`);
  }

  @Post(':id/import')
  // A preview: nothing is created until the confirm form is sent.
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  async preview(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: UploadRequest,
  ): Promise<string> {
    const { text, encoding } = csvOf(req, body);
    const [programme, plan] = await Promise.all([
      this.programmes.programme(id),
      this.imports.previewImport(id, text),
    ]);
    return importPreviewPage(pageContext(req), programme, plan, text, encoding);
  }

  @Post(':id/import/confirm')
  async confirm(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: UploadRequest,
    @Res() res: Response,
  ): Promise<void> {
    const { text: csv, encoding } = csvOf(req, body);
    const { plan, imported } = await this.imports.commitImport(id, csv, req.staff!.staffId);
    if (!imported) {
      const programme = await this.programmes.programme(id);
      res
        .status(422)
        .type('html')
        .send(importPreviewPage(pageContext(req), programme, plan, csv, encoding));
      return;
    }
    const circles = plan.circles ? `, and ${plan.circles} circle(s)` : '';
    const notice = `Imported ${plan.rows.length} participant(s) and ${plan.pairings} pairing(s)${circles}.`;
    backTo(res, id, 'participants', notice);
  }
}
