import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactor } from '../database/transactor';
import { ProgramsService } from '../programs/programs.service';
import { ProgramsRepository } from '../programs/programs.repository';
import type { MatchProposal } from './entities/match-proposal.entity';
import { MatchingError } from './matching.errors';
import { ProposalsRepository } from './proposals.repository';
import { readiness } from './readiness';
import { ReadinessRepository } from './readiness.repository';

export interface ApplyResult {
  proposalId: string;
  /** Pairings this call created (0 when the proposal was applied before). */
  created: { mentorId: string; menteeId: string; pairingId: string }[];
  /** Pairs not made, with why (someone paired, full or gone since the proposal). */
  skipped: { mentorId: string; menteeId: string; reason: string }[];
  alreadyApplied: boolean;
}

/**
 * Turns a proposal into active pairings, each with its relay address, and sets each person's side.
 * Under the programme's lock and in one transaction: two staff applying at once, or the tick with
 * them, create each pairing once; the second finds the proposal applied. Every pair is checked
 * again against readiness at that moment. The welcomes follow from the schedule tick, which seeds
 * the new members' prompts and welcomes every member of an active pairing once (WelcomeService).
 */
@Injectable()
export class MatchApplyService {
  private readonly logger = new Logger(MatchApplyService.name);

  constructor(
    private readonly proposals: ProposalsRepository,
    private readonly readiness: ReadinessRepository,
    private readonly programsRepo: ProgramsRepository,
    private readonly programs: ProgramsService,
    private readonly transactor: Transactor,
  ) {}

  async apply(proposalId: string): Promise<ApplyResult> {
    const result = await this.transactor.run(async (tx) => {
      const found = await this.proposals.find(proposalId, tx);
      if (!found) throw new MatchingError('not-found', 'No such proposal');
      await this.proposals.lockProgramme(tx, found.programmeId);
      // Read again under the lock: another apply may have finished while this one waited.
      const proposal = (await this.proposals.find(proposalId, tx))!;
      if (proposal.status === 'applied')
        return { proposalId, created: [], skipped: [], alreadyApplied: true };
      if (proposal.status !== 'open') {
        throw new MatchingError(
          'not-open',
          'This proposal was replaced by a newer one: apply that one instead',
        );
      }
      return this.applyLocked(tx, proposal);
    });
    if (result.created.length > 0) {
      this.logger.log(
        { proposalId, pairings: result.created.length },
        `applied ${result.created.length} pairings`,
      );
    }
    return result;
  }

  /** The caller holds the programme's lock and has checked the proposal is open. */
  async applyLocked(tx: EntityManager, proposal: MatchProposal): Promise<ApplyResult> {
    const programme = (await this.programsRepo.findProgramme(proposal.programmeId, tx))!;
    const pairs = await this.proposals.pairs(proposal.id, tx);
    const people = new Map(
      (await this.readiness.byIds([...new Set(pairs.flatMap((p) => [p.mentorId, p.menteeId]))], tx)).map(
        (p) => [p.participant.id, p],
      ),
    );
    const excluded = new Set(
      (await this.proposals.exclusions(programme.id, tx)).map((f) => `${f.mentorId}:${f.menteeId}`),
    );
    const placesUsed = new Map<string, number>();
    const result: ApplyResult = { proposalId: proposal.id, created: [], skipped: [], alreadyApplied: false };
    const recorded: { menteeId: string; pairingId: string | null; skippedReason: string | null }[] = [];
    for (const pair of pairs) {
      const mentor = people.get(pair.mentorId);
      const mentee = people.get(pair.menteeId);
      const used = placesUsed.get(pair.mentorId) ?? 0;
      const mentorState = mentor && readiness(mentor.facts);
      const menteeState = mentee && readiness(mentee.facts);
      let reason: string | null = null;
      if (!mentor || !mentee || mentor.participant.programmeId !== programme.id) reason = 'a profile is gone';
      else if (excluded.has(`${pair.mentorId}:${pair.menteeId}`)) reason = 'marked "never pair again" since';
      else if (!menteeState?.ready || !menteeState.sides.includes('mentee')) {
        reason = `the mentee is no longer ready (${menteeState && !menteeState.ready ? menteeState.reason : 'now a mentor'})`;
      } else if (!mentorState?.ready || !mentorState.sides.includes('mentor')) {
        reason = `the mentor is no longer ready (${mentorState && !mentorState.ready ? mentorState.reason : 'now a mentee'})`;
      } else if (used >= mentorState.freePlaces) reason = 'the mentor has no free place left';
      if (reason || !mentor || !mentee) {
        result.skipped.push({ mentorId: pair.mentorId, menteeId: pair.menteeId, reason: reason! });
        recorded.push({ menteeId: pair.menteeId, pairingId: null, skippedReason: reason });
        continue;
      }
      placesUsed.set(pair.mentorId, used + 1);
      for (const [person, role] of [
        [mentor, 'mentor'],
        [mentee, 'mentee'],
      ] as const) {
        if (person.participant.role !== role) await this.programs.setRole(person.participant.id, role, tx);
        person.participant.role = role;
      }
      const pairing = await this.programs.createPairing(
        programme,
        mentor.participant,
        [mentee.participant],
        tx,
      );
      result.created.push({ mentorId: pair.mentorId, menteeId: pair.menteeId, pairingId: pairing.id });
      recorded.push({ menteeId: pair.menteeId, pairingId: pairing.id, skippedReason: null });
    }
    await this.proposals.recordApplied(tx, proposal.id, recorded);
    return result;
  }
}
