import { Controller, Get, Header, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CircleProposalsService } from '../../matching/circle-proposals.service';
import { MatchApplyService } from '../../matching/match-apply.service';
import { MatchingError } from '../../matching/matching.errors';
import { AdminNotFound } from '../admin.errors';
import { MatchingService } from '../../matching/matching.service';
import type { StaffRequest } from '../auth/staff.guard';
import { matchPage } from '../pages/match.page';
import { backToMatchPage } from './match-outcome';
import { FormBody } from './form-body';
import { pageContext } from './page-context';

/** A programme's matching for review: run, swap, exclude, accept all. Each POST carries the CSRF token. */
@ApiExcludeController()
@Controller('admin/programmes/:id/match')
export class MatchController {
  constructor(
    private readonly matching: MatchingService,
    private readonly applier: MatchApplyService,
    private readonly circles: CircleProposalsService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async show(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest): Promise<string> {
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const [programme, detail, circles] = await Promise.all([
      // An unknown programme is the admin's 404, like every other page's.
      this.matching.programme(id).catch((error: unknown) => {
        throw error instanceof MatchingError && error.code === 'not-found'
          ? new AdminNotFound('programme')
          : error;
      }),
      this.matching.latest(id),
      this.circles.latest(id),
    ]);
    return matchPage(
      pageContext(req),
      programme,
      detail,
      {
        ok: text(req.query.notice),
        error: text(req.query.error),
      },
      req.query,
      circles,
    );
  }

  @Post('run')
  async run(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.act(id, res, async () => {
      const r = await this.matching.propose(id, `staff:${req.staff!.email}`);
      return `Proposed ${r.pairs.length} pairs for ${r.mentors} mentors and ${r.mentees} mentees ready; nothing is created until you accept.`;
    });
  }

  @Post(':proposalId/swap')
  async swap(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('proposalId', ParseUUIDPipe) proposalId: string,
    @FormBody() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    await this.act(id, res, async () => {
      const s = await this.matching.swap(proposalId, String(body.menteeA ?? ''), String(body.menteeB ?? ''));
      return `Swapped: the two pairs now score ${s.after} together (before: ${s.before}).`;
    });
  }

  @Post(':proposalId/exclude')
  async exclude(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('proposalId', ParseUUIDPipe) proposalId: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.act(id, res, async () => {
      const r = await this.matching.exclude(
        proposalId,
        String(body.mentorId ?? ''),
        String(body.menteeId ?? ''),
        `staff:${req.staff!.email}`,
      );
      return `Those two will never be paired; the match was run again: ${r.pairs.length} pairs.`;
    });
  }

  @Post(':proposalId/apply')
  async apply(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('proposalId', ParseUUIDPipe) proposalId: string,
    @FormBody() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    await this.act(id, res, async () => {
      if (body.confirm !== 'yes')
        throw new MatchingError('not-open', 'Tick the box to confirm: nothing was created.');
      const r = await this.applier.apply(proposalId);
      if (r.alreadyApplied) return 'This proposal was applied already: nothing was created twice.';
      const skipped = r.skipped.length > 0 ? ` ${r.skipped.length} skipped (see the table).` : '';
      return `Created ${r.created.length} pairings; both people in each get their welcome email within a minute.${skipped}`;
    });
  }

  private act(id: string, res: Response, work: () => Promise<string>): Promise<void> {
    return backToMatchPage(id, res, work);
  }
}
