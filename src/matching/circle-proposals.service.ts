import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactor } from '../database/transactor';
import type { Pairing } from '../programs/entities/pairing.entity';
import type { Programme } from '../programs/entities/programme.entity';
import { CircleShapeError, ProgramsService } from '../programs/programs.service';
import { ProgramsRepository } from '../programs/programs.repository';
import { CLOCK, type Clock } from '../prompts/clock';
import { planCircles } from './circle-plan';
import { CircleProposalsRepository, type CircleProposalDetail } from './circle-proposals.repository';
import type { ProposedCircle } from './entities/circle-proposal-circle.entity';
import type { ProposalMadeBy } from './entities/match-proposal.entity';
import { MatchingError } from './matching.errors';
import { MatchingService } from './matching.service';
import { ProposalsRepository } from './proposals.repository';
import { readiness } from './readiness';
import { ReadinessRepository, type ProfiledPerson } from './readiness.repository';

export interface AcceptedCircle {
  circleId: string;
  pairing: Pairing;
  /** False when it was accepted before: nothing was created twice. */
  created: boolean;
  /** Whether the open pair proposal was retired (its people changed). */
  pairProposalReplaced: boolean;
}

/**
 * Circles by shared topic for staff to review (circle-plan.ts over the programme's ready people,
 * the same round as pairs), each accepted or discarded on its own. Accepting creates the circle
 * through ProgramsService.createCircle, as the admin form does, so its relay address, welcome and
 * prompts are a staff-made circle's. Every step holds the programme's lock, like pair proposals.
 */
@Injectable()
export class CircleProposalsService {
  private readonly logger = new Logger(CircleProposalsService.name);

  constructor(
    private readonly repo: CircleProposalsRepository,
    private readonly proposals: ProposalsRepository,
    private readonly matching: MatchingService,
    private readonly readiness: ReadinessRepository,
    private readonly programsRepo: ProgramsRepository,
    private readonly programs: ProgramsService,
    private readonly transactor: Transactor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Plans circles over the ready people and keeps them as the programme's open circle proposal. */
  async propose(programmeId: string, madeBy: ProposalMadeBy): Promise<CircleProposalDetail> {
    const proposal = await this.transactor.run(async (tx) => {
      await this.proposals.lockProgramme(tx, programmeId);
      const round = await this.matching.round(tx, programmeId);
      const plan = planCircles({ ...round, now: this.clock.now() });
      return this.repo.insert(tx, programmeId, madeBy, plan);
    });
    return this.repo.detail(proposal);
  }

  async latest(programmeId: string): Promise<CircleProposalDetail | null> {
    const proposal = await this.repo.latest(programmeId);
    return proposal ? this.repo.detail(proposal) : null;
  }

  /**
   * Creates the proposed circle, named `name` (else "<topic> circle"), once. Everyone is checked
   * again against readiness at this moment: a lead with no free place left, a member paired or in
   * a circle since, or a "never pair again" between a lead and a member refuses it whole, naming
   * who (a smaller circle than staff reviewed is not what they accepted). The open pair proposal
   * is retired: it may name these people, and its mentors' places changed.
   */
  async accept(circleId: string, name: string | undefined, decidedBy: string): Promise<AcceptedCircle> {
    const result = await this.transactor.run(async (tx) => {
      const circle = await this.openCircle(tx, circleId);
      const proposal = (await this.repo.findProposal(circle.proposalId, tx))!;
      if (circle.status === 'accepted') {
        const found = circle.pairingId ? await this.programsRepo.findPairing(circle.pairingId, tx) : null;
        if (!found)
          throw new MatchingError('not-open', 'This circle was accepted and has since been removed');
        return { circleId, pairing: found.pairing, created: false, pairProposalReplaced: false };
      }
      const programme = (await this.programsRepo.findProgramme(proposal.programmeId, tx))!;
      const seats = await this.repo.people(circle.id, tx);
      const people = new Map(
        (
          await this.readiness.byIds(
            seats.map((s) => s.participantId),
            tx,
          )
        ).map((p) => [p.participant.id, p]),
      );
      const excluded = new Set(
        (await this.proposals.exclusions(programme.id, tx)).map((f) => `${f.mentorId}:${f.menteeId}`),
      );
      const leads = seats.filter((s) => s.role === 'mentor').map((s) => people.get(s.participantId));
      const members = seats.filter((s) => s.role === 'mentee').map((s) => people.get(s.participantId));
      const problems = [
        ...leads.map((p) => unready(p, 'mentor')),
        ...members.map((p) => unready(p, 'mentee')),
        ...leads.flatMap((l) =>
          members
            .filter((m) => l && m && excluded.has(`${l.participant.id}:${m.participant.id}`))
            .map((m) => `${l!.participant.name} and ${m!.participant.name} are never to be paired again`),
        ),
      ].filter((p): p is string => p !== null);
      if (problems.length > 0) {
        throw new MatchingError(
          'circle-refused',
          `Circle not created: ${problems.join('; ')}. Propose circles again.`,
        );
      }
      const pairing = await this.create(tx, circle, name, programme, [
        ...leads.map((p) => ({ person: p!, role: 'mentor' as const })),
        ...members.map((p) => ({ person: p!, role: 'mentee' as const })),
      ]);
      await this.repo.decide(tx, circle.id, 'accepted', decidedBy, pairing.id);
      const replaced = await this.proposals.supersedeOpen(tx, programme.id);
      return { circleId, pairing, created: true, pairProposalReplaced: replaced > 0 };
    });
    if (result.created)
      this.logger.log({ circleId, pairingId: result.pairing.id }, 'proposed circle accepted');
    return result;
  }

  /** Staff do not want this circle: it stays in the proposal, marked, and nothing is created. */
  async discard(circleId: string, decidedBy: string): Promise<void> {
    await this.transactor.run(async (tx) => {
      const circle = await this.openCircle(tx, circleId);
      if (circle.status === 'accepted')
        throw new MatchingError('not-open', 'This circle was accepted already: end it on its page instead');
      await this.repo.decide(tx, circle.id, 'discarded', decidedBy, null);
    });
  }

  /** The circle, read under its programme's lock, from the open proposal and not discarded. */
  private async openCircle(tx: EntityManager, circleId: string): Promise<ProposedCircle> {
    const found = await this.repo.findCircle(circleId, tx);
    const proposal = found && (await this.repo.findProposal(found.proposalId, tx));
    if (!found || !proposal) throw new MatchingError('not-found', 'No such proposed circle');
    await this.proposals.lockProgramme(tx, proposal.programmeId);
    const circle = (await this.repo.findCircle(circleId, tx))!;
    const current = (await this.repo.findProposal(circle.proposalId, tx))!;
    if (circle.status === 'discarded') throw new MatchingError('not-open', 'This circle was discarded');
    if (current.status !== 'open' && circle.status !== 'accepted') {
      throw new MatchingError('not-open', 'These circles were replaced by a newer proposal: use that one');
    }
    return circle;
  }

  private async create(
    tx: EntityManager,
    circle: ProposedCircle,
    name: string | undefined,
    programme: Programme,
    seats: { person: ProfiledPerson; role: 'mentor' | 'mentee' }[],
  ): Promise<Pairing> {
    // Someone who said "either" takes the side the circle gives them, as applying a pair does.
    for (const { person, role } of seats) {
      if (person.participant.role !== role) await this.programs.setRole(person.participant.id, role, tx);
      person.participant.role = role;
    }
    const title = name?.trim() || `${circle.topic[0].toUpperCase()}${circle.topic.slice(1)} circle`;
    try {
      return await this.programs.createCircle(
        programme,
        title,
        seats.filter((s) => s.role === 'mentor').map((s) => s.person.participant),
        seats.filter((s) => s.role === 'mentee').map((s) => s.person.participant),
        tx,
      );
    } catch (error) {
      if (error instanceof CircleShapeError) throw new MatchingError('circle-refused', error.message);
      throw error;
    }
  }
}

/** Why a person may not take this seat now, or null. */
function unready(person: ProfiledPerson | undefined, side: 'mentor' | 'mentee'): string | null {
  if (!person) return 'a profile is gone';
  const state = readiness(person.facts);
  const name = person.participant.name;
  if (!state.ready) {
    const why = {
      paired: 'is in a pair now',
      'in-circle': 'is in a circle now',
      'mentor-full': 'has no free place left',
    };
    return `${name} ${why[state.reason as keyof typeof why] ?? `is not ready (${state.reason})`}`;
  }
  return state.sides.includes(side) ? null : `${name} is a ${side === 'mentor' ? 'mentee' : 'mentor'} now`;
}
