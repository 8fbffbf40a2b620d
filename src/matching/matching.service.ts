import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactor } from '../database/transactor';
import type { Programme } from '../programs/entities/programme.entity';
import { ProgramsRepository } from '../programs/programs.repository';
import { CLOCK, type Clock } from '../prompts/clock';
import { assign, type Assignment } from './assign';
import type { MatchProposal, ProposalMadeBy } from './entities/match-proposal.entity';
import { greedyAssign } from './greedy';
import { buildRound, toMatchProfile, type MatchRound } from './match-round';
import type { MatchCriteria } from './match.types';
import { MatchingError } from './matching.errors';
import { ProposalsRepository, type ProposalDetail } from './proposals.repository';
import { ReadinessRepository } from './readiness.repository';
import { scorePair } from './score';

/** A fresh proposal, with who was not ready to be matched and why. */
export interface ProposalReport extends ProposalDetail {
  programme: Programme;
  notReady: MatchRound['notReady'];
  mentors: number;
  mentees: number;
}

export function criteriaOf(programme: Programme): Partial<MatchCriteria> {
  return (programme.matchCriteria ?? {}) as Partial<MatchCriteria>;
}

/**
 * Proposals for staff to review: the engine run over a programme's ready people (readiness.ts),
 * kept with their explanations and the people left out; swap two mentees' mentors, never pair two
 * people again (and re-run), or re-run. Applying is MatchApplyService's.
 */
@Injectable()
export class MatchingService {
  constructor(
    private readonly proposals: ProposalsRepository,
    private readonly readiness: ReadinessRepository,
    private readonly programs: ProgramsRepository,
    private readonly transactor: Transactor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async programmeBySlug(slug: string): Promise<Programme> {
    const programme = await this.programs.findProgrammeBySlug(slug);
    if (!programme) throw new MatchingError('not-found', `No programme with the slug ${slug}`);
    return programme;
  }

  async programme(id: string): Promise<Programme> {
    const programme = await this.programs.findProgramme(id);
    if (!programme) throw new MatchingError('not-found', 'No such programme');
    return programme;
  }

  /** Runs the engine and keeps its answer as the programme's open proposal (replacing the last one). */
  async propose(programmeId: string, madeBy: ProposalMadeBy): Promise<ProposalReport> {
    const { proposal, round } = await this.transactor.run(async (tx) => {
      await this.proposals.lockProgramme(tx, programmeId);
      const round = await this.round(tx, programmeId);
      return { proposal: await this.store(tx, programmeId, madeBy, round), round };
    });
    return this.report(proposal, round);
  }

  /** The round for a programme under its lock (see ProposalsRepository.lockProgramme). */
  async round(tx: EntityManager, programmeId: string): Promise<MatchRound> {
    const programme = await this.programs.findProgramme(programmeId, tx);
    if (!programme) throw new MatchingError('not-found', 'No such programme');
    const people = await this.readiness.inProgramme(programmeId, tx);
    const forbidden = await this.proposals.exclusions(programmeId, tx);
    return buildRound(people, forbidden, criteriaOf(programme));
  }

  /** Solves the round and stores the answer beside the two greedy passes' totals. */
  async store(
    tx: EntityManager,
    programmeId: string,
    madeBy: ProposalMadeBy,
    round: MatchRound,
    now: Date = this.clock.now(),
  ): Promise<MatchProposal> {
    const input = { ...round, now };
    const result: Assignment = assign(input);
    return this.proposals.insert(
      tx,
      {
        programmeId,
        madeBy,
        inputKey: round.inputKey,
        totalScore: result.totalScore,
        greedyScore: greedyAssign(input, 'best-pair-first').totalScore,
        firstComeScore: greedyAssign(input, 'first-come').totalScore,
      },
      result.pairs.map((p) => ({
        menteeId: p.menteeId,
        mentorId: p.mentorId,
        score: p.score,
        explanation: p.explanation,
      })),
      [
        ...result.unmatchedMentees.map((u) => ({
          participantId: u.id,
          side: 'mentee' as const,
          reason: u.reason,
          detail: u.detail,
        })),
        ...result.idleMentors.map((u) => ({
          participantId: u.id,
          side: 'mentor' as const,
          reason: u.reason,
          detail: u.detail,
        })),
      ],
    );
  }

  private async report(proposal: MatchProposal, round: MatchRound): Promise<ProposalReport> {
    return {
      ...(await this.proposals.detail(proposal)),
      programme: await this.programme(proposal.programmeId),
      notReady: round.notReady,
      mentors: round.mentors.length,
      mentees: round.mentees.length,
    };
  }

  /** The programme's newest proposal (open, applied or replaced), or null before the first. */
  async latest(programmeId: string): Promise<ProposalDetail | null> {
    const proposal = await this.proposals.latest(programmeId);
    return proposal ? this.proposals.detail(proposal) : null;
  }

  async detail(proposalId: string): Promise<ProposalDetail> {
    const proposal = await this.proposals.find(proposalId);
    if (!proposal) throw new MatchingError('not-found', 'No such proposal');
    return this.proposals.detail(proposal);
  }

  /**
   * Gives two mentees each other's mentor, each pair scored again; refused, with the reason, if
   * either new pair breaks a hard rule or a "never pair again". Capacities cannot change: each
   * mentor keeps as many mentees.
   */
  async swap(
    proposalId: string,
    menteeA: string,
    menteeB: string,
  ): Promise<{ before: number; after: number }> {
    return this.transactor.run(async (tx) => {
      const proposal = await this.openProposal(tx, proposalId);
      const pairs = await this.proposals.pairs(proposal.id, tx);
      const a = pairs.find((p) => p.menteeId === menteeA);
      const b = pairs.find((p) => p.menteeId === menteeB);
      if (!a || !b)
        throw new MatchingError(
          'swap-refused',
          'Both mentees must be matched in this proposal to swap their mentors',
        );
      if (a.mentorId === b.mentorId)
        throw new MatchingError('swap-refused', 'These two mentees have the same mentor: nothing to swap');
      const people = new Map(
        (await this.readiness.byIds([a.mentorId, b.mentorId, menteeA, menteeB], tx)).map((p) => [
          p.participant.id,
          p,
        ]),
      );
      const forbidden = await this.proposals.exclusions(proposal.programmeId, tx);
      const programme = (await this.programs.findProgramme(proposal.programmeId, tx))!;
      const score = (mentorId: string, menteeId: string) => {
        const mentor = people.get(mentorId);
        const mentee = people.get(menteeId);
        if (!mentor || !mentee)
          throw new MatchingError('swap-refused', 'A profile in this pair is gone: re-run the match');
        const result = scorePair(
          { ...toMatchProfile(mentor), capacity: 1 },
          toMatchProfile(mentee),
          criteriaOf(programme),
          {
            now: this.clock.now(),
            forbidden: forbidden.some((f) => f.mentorId === mentorId && f.menteeId === menteeId),
          },
        );
        return { result, names: `${mentor.participant.name} with ${mentee.participant.name}` };
      };
      const first = score(b.mentorId, a.menteeId);
      const second = score(a.mentorId, b.menteeId);
      const refused = [first, second].filter((s) => !s.result.feasible);
      if (refused.length > 0) {
        throw new MatchingError(
          'swap-refused',
          `Swap refused: ${refused.map((s) => `${s.names}: ${s.result.explanation}`).join('; ')}`,
        );
      }
      await this.proposals.swap(tx, proposal.id, [
        {
          menteeId: a.menteeId,
          mentorId: b.mentorId,
          score: first.result.score,
          explanation: first.result.explanation,
        },
        {
          menteeId: b.menteeId,
          mentorId: a.mentorId,
          score: second.result.score,
          explanation: second.result.explanation,
        },
      ]);
      return { before: a.score + b.score, after: first.result.score + second.result.score };
    });
  }

  /** "Never pair these two again", then a fresh proposal without them together. */
  async exclude(
    proposalId: string,
    mentorId: string,
    menteeId: string,
    madeBy: ProposalMadeBy,
  ): Promise<ProposalReport> {
    const proposal = await this.proposals.find(proposalId);
    if (!proposal) throw new MatchingError('not-found', 'No such proposal');
    if (proposal.status !== 'open')
      throw new MatchingError('not-open', 'This proposal was applied or replaced already');
    const pairs = await this.proposals.pairs(proposal.id);
    if (!pairs.some((p) => p.mentorId === mentorId && p.menteeId === menteeId)) {
      throw new MatchingError('not-found', 'That pair is not in this proposal');
    }
    await this.proposals.addExclusion({
      programmeId: proposal.programmeId,
      mentorId,
      menteeId,
      reason: `excluded from a proposal by ${madeBy}`,
    });
    return this.propose(proposal.programmeId, madeBy);
  }

  private async openProposal(tx: EntityManager, proposalId: string): Promise<MatchProposal> {
    const found = await this.proposals.find(proposalId, tx);
    if (!found) throw new MatchingError('not-found', 'No such proposal');
    await this.proposals.lockProgramme(tx, found.programmeId);
    const proposal = (await this.proposals.find(proposalId, tx))!;
    if (proposal.status !== 'open')
      throw new MatchingError('not-open', 'This proposal was applied or replaced already');
    return proposal;
  }
}
