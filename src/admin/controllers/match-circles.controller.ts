import { Controller, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CircleProposalsService } from '../../matching/circle-proposals.service';
import { MatchingError } from '../../matching/matching.errors';
import type { StaffRequest } from '../auth/staff.guard';
import { FormBody } from './form-body';
import { backToMatchPage } from './match-outcome';

/** Circles by shared topic on the match page: propose, then accept or discard each. Each POST carries the CSRF token. */
@ApiExcludeController()
@Controller('admin/programmes/:id/match/circles')
export class MatchCirclesController {
  constructor(private readonly circles: CircleProposalsService) {}

  @Post('run')
  async run(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest, @Res() res: Response) {
    await this.act(id, res, async () => {
      const r = await this.circles.propose(id, `staff:${req.staff!.email}`);
      return `Proposed ${r.circles.length} circles; ${r.leftOut.length} mentees are left for one-to-one matching. Nothing is created until you accept a circle.`;
    });
  }

  @Post(':circleId/accept')
  async accept(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('circleId', ParseUUIDPipe) circleId: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ) {
    await this.act(id, res, async () => {
      if (body.confirm !== 'yes')
        throw new MatchingError('not-open', 'Tick the box to confirm: no circle was created.');
      const name = typeof body.name === 'string' ? body.name : undefined;
      const r = await this.circles.accept(circleId, name, `staff:${req.staff!.email}`);
      if (!r.created) return 'This circle was accepted already: nothing was created twice.';
      const replaced = r.pairProposalReplaced
        ? ' The pair proposal was replaced: run the match again for pairs.'
        : '';
      return `Created the circle ${r.pairing.name}; everyone in it gets their welcome email within a minute.${replaced}`;
    });
  }

  @Post(':circleId/discard')
  async discard(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('circleId', ParseUUIDPipe) circleId: string,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ) {
    await this.act(id, res, async () => {
      await this.circles.discard(circleId, `staff:${req.staff!.email}`);
      return 'Circle discarded: nothing was created.';
    });
  }

  private act(id: string, res: Response, work: () => Promise<string>): Promise<void> {
    return backToMatchPage(id, res, work, '#circles');
  }
}
