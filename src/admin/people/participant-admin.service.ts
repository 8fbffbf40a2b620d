import { Injectable } from '@nestjs/common';
import { Transactor } from '../../database/transactor';
import { SuppressionService } from '../../outbound/feedback/suppression.service';
import { ProgramsService } from '../../programs/programs.service';
import { AdminNotFound } from '../admin.errors';
import { changedFields, parseParticipantEdit, type ParticipantEdit } from './participant-edit';
import { PeopleRepository, type ParticipantAdminRow } from './people.repository';

export type SaveResult = { ok: true; changed: string[]; lifted: string[] } | { ok: false; errors: string[] };

/** Staff edit a participant: details, addresses (a new address starts unsuppressed), zone, locale. */
@Injectable()
export class ParticipantAdminService {
  constructor(
    private readonly repo: PeopleRepository,
    private readonly programs: ProgramsService,
    private readonly suppressions: SuppressionService,
    private readonly transactor: Transactor,
  ) {}

  async view(id: string): Promise<ParticipantAdminRow> {
    const row = await this.repo.participant(id);
    if (!row || row.participant.removedAt) throw new AdminNotFound('participant');
    return row;
  }

  /**
   * Saves an edit. An address staff add that is on the suppression list is lifted: they are
   * vouching for the address they typed (a bounced address fixed). The address it replaces keeps
   * its suppression, so nothing goes to the mailbox that bounced, whoever names it later.
   */
  async save(id: string, body: Record<string, unknown>, staffId: string): Promise<SaveResult> {
    const { participant: p } = await this.view(id);
    const parsed = parseParticipantEdit(body, (a) => this.programs.participantAddressProblem(a));
    if (!parsed.ok) return parsed;
    const edit = parsed.edit;
    const taken = await this.repo.takenAddresses(p.programmeId, p.id, [edit.email, ...edit.aliases]);
    if (taken.length)
      return { ok: false, errors: taken.map((a) => `${a} is another participant's address in this programme.`) };
    const before: ParticipantEdit = {
      preferredName: p.preferredName,
      email: p.email,
      aliases: p.emailAliases.filter((a) => a !== p.email),
      timeZone: p.timeZone,
      locale: p.locale,
    };
    const changed = changedFields(before, edit);
    if (!changed.length) return { ok: true, changed, lifted: [] };
    const known = new Set([p.email, ...p.emailAliases]);
    const added = [edit.email, ...edit.aliases].filter((a) => !known.has(a));
    await this.transactor.run(async (tx) => {
      await this.repo.updateParticipant(id, edit, tx);
      await this.repo.audit(
        { staffId, programmeId: p.programmeId, participantId: id, action: 'participant_edited', detail: changed.join(', ') },
        tx,
      );
    });
    const lifted: string[] = [];
    for (const address of added) if (await this.suppressions.lift(address)) lifted.push(address);
    return { ok: true, changed, lifted };
  }
}
