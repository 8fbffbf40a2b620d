import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { MatchExclusion } from './entities/match-exclusion.entity';
import { MatchProposalPair } from './entities/match-proposal-pair.entity';
import { MatchProposalUnmatched } from './entities/match-proposal-unmatched.entity';
import { MatchProposal, type ProposalMadeBy } from './entities/match-proposal.entity';
import type { ForbiddenPair } from './match.types';

export interface NewProposal {
  programmeId: string;
  madeBy: ProposalMadeBy;
  inputKey: string;
  totalScore: number;
  greedyScore: number;
  firstComeScore: number;
}

/** A proposal with its pairs and the people it left out, each with their name for staff. */
export interface ProposalDetail {
  proposal: MatchProposal;
  pairs: (MatchProposalPair & { mentorName: string; menteeName: string })[];
  unmatched: (MatchProposalUnmatched & { name: string })[];
}

@Injectable()
export class ProposalsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /**
   * Serialises every proposal and apply of one programme: two staff members, the command line and
   * the automatic tick each wait here, so a pairing is created once and one proposal stays open.
   */
  async lockProgramme(tx: EntityManager, programmeId: string): Promise<void> {
    await tx.query('SELECT 1 FROM programmes WHERE id = $1 FOR UPDATE', [programmeId]);
  }

  async exclusions(programmeId: string, tx?: EntityManager): Promise<ForbiddenPair[]> {
    const rows = await this.m(tx).find(MatchExclusion, { where: { programmeId } });
    return rows.map((r) => ({ mentorId: r.mentorId, menteeId: r.menteeId }));
  }

  async addExclusion(
    values: Pick<MatchExclusion, 'programmeId' | 'mentorId' | 'menteeId' | 'reason'>,
  ): Promise<void> {
    await this.m().createQueryBuilder().insert().into(MatchExclusion).values(values).orIgnore().execute();
  }

  /** The new proposal replaces the programme's open one, if any. */
  async insert(
    tx: EntityManager,
    values: NewProposal,
    pairs: Omit<MatchProposalPair, 'proposalId' | 'pairingId' | 'skippedReason'>[],
    unmatched: Omit<MatchProposalUnmatched, 'proposalId'>[],
  ): Promise<MatchProposal> {
    await tx.update(
      MatchProposal,
      { programmeId: values.programmeId, status: 'open' },
      { status: 'superseded' },
    );
    const proposal = await tx.save(MatchProposal, tx.create(MatchProposal, values));
    if (pairs.length > 0)
      await tx.insert(
        MatchProposalPair,
        pairs.map((p) => ({ ...p, proposalId: proposal.id })),
      );
    if (unmatched.length > 0) {
      await tx.insert(
        MatchProposalUnmatched,
        unmatched.map((u) => ({ ...u, proposalId: proposal.id })),
      );
    }
    return proposal;
  }

  /** Retires the programme's open pair proposal: the people it was made from have changed. */
  async supersedeOpen(tx: EntityManager, programmeId: string): Promise<number> {
    const result = await tx.update(MatchProposal, { programmeId, status: 'open' }, { status: 'superseded' });
    return result.affected ?? 0;
  }

  find(id: string, tx?: EntityManager): Promise<MatchProposal | null> {
    return this.m(tx).findOneBy(MatchProposal, { id });
  }

  /** The programme's newest proposal, whatever its state. */
  latest(programmeId: string, madeBy?: ProposalMadeBy, tx?: EntityManager): Promise<MatchProposal | null> {
    return this.m(tx).findOne(MatchProposal, {
      where: madeBy ? { programmeId, madeBy } : { programmeId },
      order: { createdAt: 'DESC' },
    });
  }

  pairs(proposalId: string, tx?: EntityManager): Promise<MatchProposalPair[]> {
    return this.m(tx).find(MatchProposalPair, {
      where: { proposalId },
      order: { score: 'DESC', menteeId: 'ASC' },
    });
  }

  async detail(proposal: MatchProposal): Promise<ProposalDetail> {
    const pairs: Record<string, unknown>[] = await this.m().query(
      `SELECT pp.*, mr.name AS mentor_name, me.name AS mentee_name
         FROM match_proposal_pairs pp
         JOIN participants mr ON mr.id = pp.mentor_id
         JOIN participants me ON me.id = pp.mentee_id
        WHERE pp.proposal_id = $1
        ORDER BY mr.name, mr.id, me.name`,
      [proposal.id],
    );
    const unmatched: Record<string, unknown>[] = await this.m().query(
      `SELECT u.*, p.name FROM match_proposal_unmatched u JOIN participants p ON p.id = u.participant_id
        WHERE u.proposal_id = $1 ORDER BY u.side DESC, p.name`,
      [proposal.id],
    );
    return {
      proposal,
      pairs: pairs.map((r) => ({
        proposalId: r.proposal_id as string,
        menteeId: r.mentee_id as string,
        mentorId: r.mentor_id as string,
        score: Number(r.score),
        explanation: r.explanation as string,
        pairingId: (r.pairing_id as string | null) ?? null,
        skippedReason: (r.skipped_reason as string | null) ?? null,
        mentorName: r.mentor_name as string,
        menteeName: r.mentee_name as string,
      })),
      unmatched: unmatched.map((r) => ({
        proposalId: r.proposal_id as string,
        participantId: r.participant_id as string,
        side: r.side as MatchProposalUnmatched['side'],
        reason: r.reason as string,
        detail: r.detail as string,
        name: r.name as string,
      })),
    };
  }

  /** Gives two mentees each other's mentor, with their new scores and explanations. */
  async swap(
    tx: EntityManager,
    proposalId: string,
    changes: Pick<MatchProposalPair, 'menteeId' | 'mentorId' | 'score' | 'explanation'>[],
  ): Promise<void> {
    for (const c of changes) {
      await tx.update(
        MatchProposalPair,
        { proposalId, menteeId: c.menteeId },
        { mentorId: c.mentorId, score: c.score, explanation: c.explanation },
      );
    }
    await tx.query(
      `UPDATE match_proposals SET total_score = (SELECT coalesce(sum(score), 0) FROM match_proposal_pairs WHERE proposal_id = $1)
        WHERE id = $1`,
      [proposalId],
    );
  }

  async recordApplied(
    tx: EntityManager,
    proposalId: string,
    results: { menteeId: string; pairingId: string | null; skippedReason: string | null }[],
  ): Promise<void> {
    for (const r of results) {
      await tx.update(
        MatchProposalPair,
        { proposalId, menteeId: r.menteeId },
        { pairingId: r.pairingId, skippedReason: r.skippedReason },
      );
    }
    await tx.update(MatchProposal, { id: proposalId }, { status: 'applied', appliedAt: () => 'now()' });
  }

  /** Programmes that match on their own. */
  async automaticProgrammes(): Promise<string[]> {
    const rows: { id: string }[] = await this.m().query(
      `SELECT id FROM programmes WHERE matching_mode = 'automatic' ORDER BY created_at, id`,
    );
    return rows.map((r) => r.id);
  }
}
