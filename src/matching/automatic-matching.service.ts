import { Injectable, Logger } from '@nestjs/common';
import { Transactor } from '../database/transactor';
import { MatchApplyService } from './match-apply.service';
import { MatchingService } from './matching.service';
import { ProposalsRepository } from './proposals.repository';

export interface AutomaticReport {
  programmeId: string;
  /** `matched`: a proposal made and applied; `unchanged`: same ready people as the last run; `nobody`: no one on one side. */
  outcome: 'matched' | 'unchanged' | 'nobody';
  created: number;
}

/**
 * Programmes with `matching_mode = 'automatic'` match on the schedule tick, once per tick each.
 * Only ready people are matched, and people already paired are not ready, so one newcomer is
 * matched among those still waiting, never by re-pairing everybody. A tick whose ready people,
 * profiles and exclusions are those of the last automatic proposal does nothing (the answer would
 * be the same), so people who cannot be matched do not make a proposal a minute.
 */
@Injectable()
export class AutomaticMatchingService {
  private readonly logger = new Logger(AutomaticMatchingService.name);

  constructor(
    private readonly proposals: ProposalsRepository,
    private readonly matching: MatchingService,
    private readonly applier: MatchApplyService,
    private readonly transactor: Transactor,
  ) {}

  async run(now: Date): Promise<AutomaticReport[]> {
    const reports: AutomaticReport[] = [];
    for (const programmeId of await this.proposals.automaticProgrammes()) {
      try {
        reports.push(await this.runOne(programmeId, now));
      } catch (error) {
        // One programme's bad criteria must not stop the tick's prompts, nor the other programmes.
        this.logger.error(
          { programmeId, err: error },
          `automatic matching failed: ${(error as Error).message}`,
        );
      }
    }
    return reports;
  }

  async runOne(programmeId: string, now: Date): Promise<AutomaticReport> {
    return this.transactor.run(async (tx) => {
      await this.proposals.lockProgramme(tx, programmeId);
      const round = await this.matching.round(tx, programmeId);
      if (round.mentors.length === 0 || round.mentees.length === 0)
        return { programmeId, outcome: 'nobody', created: 0 };
      const last = await this.proposals.latest(programmeId, 'automatic', tx);
      if (last?.inputKey === round.inputKey) return { programmeId, outcome: 'unchanged', created: 0 };
      const proposal = await this.matching.store(tx, programmeId, 'automatic', round, now);
      const applied = await this.applier.applyLocked(tx, proposal);
      if (applied.created.length > 0) {
        this.logger.log(
          { programmeId, proposalId: proposal.id, pairings: applied.created.length },
          'automatic match applied',
        );
      }
      return { programmeId, outcome: 'matched', created: applied.created.length };
    });
  }
}
