import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CirclePlan } from './circle-plan';
import { ProposedCircle, type ProposedCircleStatus } from './entities/circle-proposal-circle.entity';
import { CircleProposalLeftOut } from './entities/circle-proposal-left-out.entity';
import { ProposedCircleMember } from './entities/circle-proposal-member.entity';
import { CircleProposal } from './entities/circle-proposal.entity';
import type { ProposalMadeBy } from './entities/match-proposal.entity';

/** A proposed circle with its people by name, leads first. */
export interface ProposedCircleDetail extends ProposedCircle {
  people: { participantId: string; role: 'mentor' | 'mentee'; name: string }[];
}

/** A circle proposal with its circles and the mentees it left for one-to-one matching. */
export interface CircleProposalDetail {
  proposal: CircleProposal;
  circles: ProposedCircleDetail[];
  leftOut: (CircleProposalLeftOut & { name: string })[];
}

@Injectable()
export class CircleProposalsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** The new proposal replaces the programme's open one, if any. */
  async insert(
    tx: EntityManager,
    programmeId: string,
    madeBy: ProposalMadeBy,
    plan: CirclePlan,
  ): Promise<CircleProposal> {
    await tx.update(CircleProposal, { programmeId, status: 'open' }, { status: 'superseded' });
    const proposal = await tx.save(CircleProposal, tx.create(CircleProposal, { programmeId, madeBy }));
    for (const c of plan.circles) {
      const circle = await tx.save(
        ProposedCircle,
        tx.create(ProposedCircle, {
          proposalId: proposal.id,
          topic: c.topic,
          explanation: c.explanation,
          fit: c.fit,
        }),
      );
      await tx.insert(ProposedCircleMember, [
        ...c.leadIds.map((participantId) => ({
          circleId: circle.id,
          participantId,
          role: 'mentor' as const,
        })),
        ...c.memberIds.map((participantId) => ({
          circleId: circle.id,
          participantId,
          role: 'mentee' as const,
        })),
      ]);
    }
    if (plan.leftOut.length > 0) {
      await tx.insert(
        CircleProposalLeftOut,
        plan.leftOut.map((l) => ({
          proposalId: proposal.id,
          participantId: l.id,
          reason: l.reason,
          detail: l.detail,
        })),
      );
    }
    return proposal;
  }

  latest(programmeId: string): Promise<CircleProposal | null> {
    return this.m().findOne(CircleProposal, { where: { programmeId }, order: { createdAt: 'DESC' } });
  }

  findProposal(id: string, tx?: EntityManager): Promise<CircleProposal | null> {
    return this.m(tx).findOneBy(CircleProposal, { id });
  }

  findCircle(id: string, tx?: EntityManager): Promise<ProposedCircle | null> {
    return this.m(tx).findOneBy(ProposedCircle, { id });
  }

  people(circleId: string, tx?: EntityManager): Promise<ProposedCircleMember[]> {
    return this.m(tx).find(ProposedCircleMember, { where: { circleId } });
  }

  async decide(
    tx: EntityManager,
    circleId: string,
    status: Exclude<ProposedCircleStatus, 'proposed'>,
    decidedBy: string,
    pairingId: string | null,
  ): Promise<void> {
    await tx.update(
      ProposedCircle,
      { id: circleId },
      { status, decidedBy, pairingId, decidedAt: () => 'now()' },
    );
  }

  async detail(proposal: CircleProposal): Promise<CircleProposalDetail> {
    const circles = await this.m().find(ProposedCircle, {
      where: { proposalId: proposal.id },
      order: { topic: 'ASC', id: 'ASC' },
    });
    const people: { circle_id: string; participant_id: string; role: 'mentor' | 'mentee'; name: string }[] =
      await this.m().query(
        `SELECT m.circle_id, m.participant_id, m.role, p.name
           FROM match_circle_proposal_members m
           JOIN match_circle_proposal_circles c ON c.id = m.circle_id
           JOIN participants p ON p.id = m.participant_id
          WHERE c.proposal_id = $1
          ORDER BY m.role DESC, p.name, p.id`,
        [proposal.id],
      );
    const leftOut: { participant_id: string; reason: string; detail: string; name: string }[] =
      await this.m().query(
        `SELECT l.participant_id, l.reason, l.detail, p.name
         FROM match_circle_proposal_left_out l JOIN participants p ON p.id = l.participant_id
        WHERE l.proposal_id = $1 ORDER BY p.name, p.id`,
        [proposal.id],
      );
    return {
      proposal,
      circles: circles.map((c) =>
        Object.assign(c, {
          people: people
            .filter((p) => p.circle_id === c.id)
            .map((p) => ({ participantId: p.participant_id, role: p.role, name: p.name })),
        }),
      ),
      leftOut: leftOut.map((l) => ({
        proposalId: proposal.id,
        participantId: l.participant_id,
        reason: l.reason,
        detail: l.detail,
        name: l.name,
      })),
    };
  }
}
