import { Injectable } from '@nestjs/common';
import { IANAZone } from 'luxon';
import { Transactor } from '../database/transactor';
import { OutboxService } from '../outbound/outbox.service';
import type { Programme } from '../programs/entities/programme.entity';
import { ProgramsRepository } from '../programs/programs.repository';
import { ProgramsService } from '../programs/programs.service';
import { EnrolmentService, type Invitee } from './enrolment.service';
import { planInvites, type InvitePlan } from './invite-csv';

export class InviteInputError extends Error {}
export class InviteNotFound extends Error {}

const EMAIL = /^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]+$/;

/** Staff invitations: one person (the API) or a CSV; each invitee gets the confirmation email. */
@Injectable()
export class InviteService {
  constructor(
    private readonly enrolment: EnrolmentService,
    private readonly programs: ProgramsService,
    private readonly programsRepo: ProgramsRepository,
    private readonly transactor: Transactor,
    private readonly outbox: OutboxService,
  ) {}

  private async programme(id: string): Promise<Programme> {
    const programme = await this.programsRepo.findProgramme(id);
    if (!programme) throw new InviteNotFound('programme');
    return programme;
  }

  /** Checks one invitation (API body); throws InviteInputError naming every problem. */
  check(input: Record<string, unknown>): { programmeId: string; invitee: Invitee } {
    const text = (k: string) => (typeof input[k] === 'string' ? (input[k] as string).trim() : '');
    const problems: string[] = [];
    const email = text('email').toLowerCase();
    const role = text('role').toLowerCase() || 'either';
    if (!/^[0-9a-f-]{36}$/i.test(text('programmeId'))) problems.push('programmeId must be a programme id');
    if (!text('name')) problems.push('name is required');
    if (!EMAIL.test(email)) problems.push('email must be an email address');
    else {
      const ours = this.programs.participantAddressProblem(email);
      if (ours) problems.push(ours);
    }
    if (!['mentor', 'mentee', 'either'].includes(role))
      problems.push('role must be mentor, mentee or either');
    if (text('timeZone') && !IANAZone.isValidZone(text('timeZone')))
      problems.push(`unknown time zone "${text('timeZone')}"`);
    if (text('guardianEmail') && !EMAIL.test(text('guardianEmail').toLowerCase()))
      problems.push('guardianEmail must be an email address');
    if (problems.length) throw new InviteInputError(problems.join('; '));
    return {
      programmeId: text('programmeId'),
      invitee: {
        name: text('name'),
        email,
        role: role as Invitee['role'],
        preferredName: text('preferredName') || null,
        timeZone: text('timeZone') || undefined,
        locale: text('locale') || undefined,
        guardianEmail: text('guardianEmail').toLowerCase() || null,
      },
    };
  }

  /** Invites one person; the same address again returns them unchanged (created: false). */
  async inviteOne(input: Record<string, unknown>) {
    const { programmeId, invitee } = this.check(input);
    const programme = await this.programme(programmeId);
    const invited = await this.transactor.run((tx) => this.enrolment.enrol(tx, programme, invitee, 'invite'));
    await this.outbox.enqueue(invited.deliveries);
    const p = invited.participant;
    return { id: p.id, name: p.name, email: p.email, role: p.role, created: invited.created };
  }

  async previewCsv(programmeId: string, csv: string): Promise<InvitePlan> {
    await this.programme(programmeId);
    return planInvites(csv, (e) => this.programs.participantAddressProblem(e));
  }

  /** Every line or none: a problem anywhere invites nobody. Addresses already invited are skipped. */
  async importCsv(
    programmeId: string,
    csv: string,
  ): Promise<{ plan: InvitePlan; invited: number; skipped: number }> {
    const programme = await this.programme(programmeId);
    const plan = planInvites(csv, (e) => this.programs.participantAddressProblem(e));
    if (!plan.ok) return { plan, invited: 0, skipped: 0 };
    const results = await this.transactor.run(async (tx) => {
      const out = [];
      for (const row of plan.rows) out.push(await this.enrolment.enrol(tx, programme, row.invitee, 'invite'));
      return out;
    });
    await this.outbox.enqueue(results.flatMap((r) => r.deliveries));
    const invited = results.filter((r) => r.created).length;
    return { plan, invited, skipped: results.length - invited };
  }
}
