import { Injectable } from '@nestjs/common';
import { CirclesService } from '../../circles/circles.service';
import { EnrolmentRepository } from '../../enrolment/enrolment.repository';
import { OutboxService } from '../../outbound/outbox.service';
import type { Participant } from '../../programs/entities/participant.entity';
import { ProgramsRepository } from '../../programs/programs.repository';
import { CircleShapeError, ProgramsService } from '../../programs/programs.service';
import { AdminInputError, AdminNotFound } from '../admin.errors';
import {
  CircleReadRepository,
  type CircleMemberRow,
  type CircleSummary,
  withSilence,
} from '../repositories/circle-read.repository';
import { refuseAwaitingConsent, refuseUnscreened } from './consent-gate';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CircleView {
  circle: CircleSummary & { programmeName: string };
  members: (CircleMemberRow & { silentDays: number | null })[];
}

/** Staff's circles: create (form, API), view, mute and unmute. */
@Injectable()
export class CircleAdminService {
  constructor(
    private readonly programs: ProgramsService,
    private readonly repo: ProgramsRepository,
    private readonly read: CircleReadRepository,
    private readonly circles: CirclesService,
    private readonly outbox: OutboxService,
    private readonly profiles: EnrolmentRepository,
  ) {}

  list(programmeId: string | null): Promise<CircleSummary[]> {
    return this.read.list(programmeId);
  }

  /**
   * `{ programmeId, name, leads: [participant ids], members: [participant ids] }`; a form may
   * send the ids comma- or line-separated. A 400 names what is wrong, whoever awaits a guardian's
   * consent, and a lead whose screening is not recorded where the programme screens mentors.
   */
  async create(body: Record<string, unknown>): Promise<CircleSummary> {
    const programmeId = String(body.programmeId ?? '');
    if (!UUID.test(programmeId)) throw new AdminInputError('programmeId must be a programme id');
    const programme = await this.repo.findProgramme(programmeId);
    if (!programme) throw new AdminNotFound('programme');
    if (typeof body.name !== 'string') throw new AdminInputError('name is required');
    const leads = await this.people(programmeId, 'leads', body.leads);
    const members = await this.people(programmeId, 'members', body.members);
    await refuseAwaitingConsent(programme, [...leads, ...members], this.profiles);
    refuseUnscreened(programme, leads);
    try {
      const circle = await this.programs.createCircle(programme, body.name, leads, members);
      return (await this.read.list(programmeId)).find((c) => c.id === circle.id)!;
    } catch (error) {
      if (error instanceof CircleShapeError) throw new AdminInputError(error.message);
      throw error;
    }
  }

  async view(id: string): Promise<CircleView> {
    const found = await this.repo.findPairing(id);
    if (!found || found.pairing.kind !== 'circle') throw new AdminNotFound('circle');
    const [summary] = (await this.read.list(found.programme.id)).filter((c) => c.id === id);
    const now = Date.now();
    const members = (await this.read.members(id)).map((m) => withSilence(m, now));
    return { circle: { ...summary, programmeName: found.programme.name }, members };
  }

  /** Staff mute or unmute a member; the leads hear of a mute as they do of a lead's #mute. */
  async mute(id: string, participantId: string, muted: boolean): Promise<{ muted: boolean }> {
    const found = await this.repo.findPairing(id);
    if (!found || found.pairing.kind !== 'circle') throw new AdminNotFound('circle');
    const member = found.members.find((m) => m.id === participantId && m.role === 'mentee');
    if (!member) throw new AdminNotFound('member of this circle');
    const deliveries = await this.circles.muteByStaff(found, participantId, muted);
    await this.outbox.enqueue(deliveries);
    return { muted };
  }

  /** Staff keep a lead's mute: it is theirs now and leaves needs attention. */
  async keepMuted(id: string, participantId: string): Promise<{ kept: boolean }> {
    const found = await this.repo.findPairing(id);
    if (!found || found.pairing.kind !== 'circle') throw new AdminNotFound('circle');
    return { kept: await this.programs.keepLeadMute(id, participantId) };
  }

  private async people(programmeId: string, field: string, value: unknown): Promise<Participant[]> {
    const ids = (Array.isArray(value) ? value : String(value ?? '').split(/[\s,]+/))
      .map((v) => String(v).trim())
      .filter(Boolean);
    const bad = ids.find((v) => !UUID.test(v));
    if (bad !== undefined) throw new AdminInputError(`${field}: "${bad}" is not a participant id`);
    const people: Participant[] = [];
    for (const pid of ids) {
      const p = await this.repo.findParticipant(pid);
      if (!p || p.programmeId !== programmeId)
        throw new AdminInputError(`${field}: ${pid} is not a participant of this programme`);
      people.push(p);
    }
    return people;
  }
}
