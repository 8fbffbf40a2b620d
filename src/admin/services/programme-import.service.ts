import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Transactor } from '../../database/transactor';
import type { Participant } from '../../programs/entities/participant.entity';
import type { Programme } from '../../programs/entities/programme.entity';
import { ProgramsRepository } from '../../programs/programs.repository';
import { ProgramsService } from '../../programs/programs.service';
import { makeRelayAddress } from '../../programs/relay-address';
import { CLOCK, type Clock } from '../../prompts/clock';
import { AdminNotFound } from '../admin.errors';
import { PeopleRepository } from '../people/people.repository';
import { SCREENING_DETAIL } from '../people/screening';
import { ProgrammeReadRepository } from '../repositories/programme-read.repository';
import { consentAwaitedProblem, screeningAwaitedProblem } from './consent-gate';
import { groupedBy, planImport, screeningOfRow, type ImportPlan, type ImportRow } from './csv-import';

/**
 * A participants CSV (src/admin/services/csv-import.ts reads and checks it): previewed, then
 * imported whole in one transaction, people, pairings, circles and recorded screening alike.
 */
@Injectable()
export class ProgrammeImportService {
  constructor(
    private readonly reads: ProgrammeReadRepository,
    private readonly programs: ProgramsRepository,
    private readonly programsService: ProgramsService,
    private readonly people: PeopleRepository,
    private readonly transactor: Transactor,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private readonly addressProblem = (email: string) => this.programsService.participantAddressProblem(email);

  private async programme(id: string): Promise<Programme> {
    const programme = await this.reads.findProgramme(id);
    if (!programme) throw new AdminNotFound('programme');
    return programme;
  }

  async previewImport(programmeId: string, csv: string): Promise<ImportPlan> {
    const programme = await this.programme(programmeId);
    return this.plan(programme, csv);
  }

  /**
   * Every row is a new person with no profile, so no age: in a youth programme none may be put in a
   * pairing or circle by the file (`consentAwaitedProblem`); inviting them asks their age and guardian.
   * Where the programme screens mentors, a mentor's row places them only with both screening dates.
   */
  private async plan(programme: Programme, csv: string): Promise<ImportPlan> {
    const placement = (row: ImportRow) => {
      const consent = consentAwaitedProblem(row.name, null, programme);
      if (consent) return `${consent}; import them without a pairing or circle, or invite them to enrol`;
      const screening =
        row.role === 'mentor' ? screeningAwaitedProblem(row.name, screeningOfRow(row), programme) : null;
      return (
        screening &&
        `${screening}; give the dates in background_checked and trained, or import them without a pairing or circle`
      );
    };
    const today = this.clock.now().toISOString().slice(0, 10);
    return planImport(
      csv,
      await this.reads.existingEmails(programme.id),
      this.addressProblem,
      placement,
      today,
    );
  }

  /**
   * Checks the file again (the preview may be stale) and writes every participant and pairing in
   * one transaction: a problem anywhere imports nothing.
   */
  async commitImport(
    programmeId: string,
    csv: string,
    staffId: string | null = null,
  ): Promise<{ plan: ImportPlan; imported: boolean }> {
    const programme = await this.programme(programmeId);
    const plan = await this.plan(programme, csv);
    if (!plan.ok) return { plan, imported: false };
    await this.transactor.run(async (tx) => {
      const people = new Map<string, Participant>();
      for (const row of plan.rows) {
        const participant = await this.programs.insertParticipant(
          {
            programmeId,
            name: row.name,
            preferredName: row.preferredName,
            about: row.about,
            role: row.role as Participant['role'],
            email: row.email,
            emailAliases: [row.email],
            timeZone: row.timeZone,
            locale: row.locale,
            ...screeningOfRow(row),
          },
          tx,
        );
        people.set(row.email, participant);
        // Kept as a record made on the participant page is: who recorded it reads from here.
        for (const [check, date] of [
          ['background', row.backgroundChecked],
          ['training', row.trained],
        ] as const)
          if (date)
            await this.people.audit(
              {
                staffId,
                programmeId,
                participantId: participant.id,
                action: 'screening_recorded',
                detail: SCREENING_DETAIL[check],
              },
              tx,
            );
      }
      for (const rows of groupedBy(plan.rows, (r) => r.pairing).values()) {
        const members = rows.map((r) => people.get(r.email)!);
        await this.programs.insertPairing(
          { programmeId, relayAddress: makeRelayAddress(programme.slug, this.config.env.RELAY_DOMAIN) },
          members.map((m) => ({ participantId: m.id, role: m.role })),
          tx,
        );
      }
      // Circles: the `circle` column (see csv-import.ts); the shape was checked with the plan.
      for (const [name, rows] of groupedBy(plan.rows, (r) => r.circle)) {
        const members = rows.map((r) => people.get(r.email)!);
        await this.programsService.createCircle(
          programme,
          name,
          members.filter((m) => m.role === 'mentor'),
          members.filter((m) => m.role === 'mentee'),
          tx,
        );
      }
    });
    return { plan, imported: true };
  }
}
