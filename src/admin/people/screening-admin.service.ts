import { Inject, Injectable, Logger } from '@nestjs/common';
import { Transactor } from '../../database/transactor';
import { screeningOn } from '../../programs/entities/programme.entity';
import { ProgramsRepository } from '../../programs/programs.repository';
import { ProgramsService } from '../../programs/programs.service';
import { CLOCK, type Clock } from '../../prompts/clock';
import { AdminInputError, AdminNotFound } from '../admin.errors';
import { PeopleRepository } from './people.repository';
import {
  checkDateInstant,
  NOTHING_WITHDRAWN,
  parseScreeningChange,
  parseScreeningForm,
  SCREENING_DETAIL,
  SCREENING_NAME,
  type ScreeningChange,
  type ScreeningOutcome,
  type ScreeningState,
  type WithdrawnMentor,
} from './screening';
import { ScreeningRepository } from './screening.repository';

/** The API's answer: the screening as it stands now, with what this call did. */
export type ScreeningApiResult = ScreeningState & { changed: boolean; withdrawn: WithdrawnMentor };

/**
 * Staff record and clear a person's background check and safeguarding training. Clearing one, in
 * a programme that asks for screening, takes them out of what a mentor does now: their active
 * pairs as the mentor are paused, they leave the circles they lead and the topic rooms they are
 * in. Recording again resumes none of it: staff resume pairs by hand, knowing why they paused.
 */
@Injectable()
export class ScreeningAdminService {
  private readonly logger = new Logger(ScreeningAdminService.name);

  constructor(
    private readonly people: PeopleRepository,
    private readonly screening: ScreeningRepository,
    private readonly programs: ProgramsRepository,
    private readonly programsService: ProgramsService,
    private readonly transactor: Transactor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The page's form; a clearing without its confirmation is refused before anything is read. */
  async fromForm(
    id: string,
    body: Record<string, unknown>,
    staffId: string,
  ): Promise<{ ok: true; outcome: ScreeningOutcome } | { ok: false; error: string }> {
    const parsed = parseScreeningForm(body, this.today());
    if (!parsed.ok) return parsed;
    return { ok: true, outcome: await this.change(id, parsed.value, staffId) };
  }

  /** The API: the call itself is the confirmation, as the API's pause and end are. */
  async fromApi(id: string, body: Record<string, unknown>, staffId: string): Promise<ScreeningApiResult> {
    const parsed = parseScreeningChange(body, this.today());
    if (!parsed.ok) throw new AdminInputError(parsed.error);
    const outcome = await this.change(id, parsed.value, staffId);
    const state = await this.people.screening(id);
    if (!state) throw new AdminNotFound('participant');
    return { ...state, changed: outcome.changed, withdrawn: outcome.withdrawn };
  }

  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }

  /** One transaction: the column, the audit entry, and what a clearing takes them out of. */
  async change(id: string, change: ScreeningChange, staffId: string): Promise<ScreeningOutcome> {
    const outcome = await this.transactor.run(async (tx) => {
      const p = await this.programs.findParticipant(id, tx);
      if (!p || p.removedAt) throw new AdminNotFound('participant');
      const programme = (await this.programs.findProgramme(p.programmeId, tx))!;
      const required = screeningOn(programme);
      const now = this.clock.now();
      // A check done on an earlier day is kept as that day; one done today, as now.
      const doneAt = change.on && change.on !== this.today() ? checkDateInstant(change.on) : now;
      const changed = change.recorded
        ? await this.screening.record(id, change.check, doneAt, tx)
        : await this.screening.clear(id, change.check, now, tx);
      // Only a clearing that happened withdraws: clearing a check that was not recorded takes
      // nobody out (a person never screened was never placed as a mentor where it is asked).
      const withdrawn =
        changed && !change.recorded && required
          ? await this.programsService.withdrawMentor(
              id,
              now,
              { staffId, note: `${p.name}'s ${SCREENING_NAME[change.check]} was cleared` },
              tx,
            )
          : NOTHING_WITHDRAWN;
      if (changed)
        await this.people.audit(
          {
            staffId,
            programmeId: p.programmeId,
            participantId: id,
            action: change.recorded ? 'screening_recorded' : 'screening_cleared',
            detail: SCREENING_DETAIL[change.check],
          },
          tx,
        );
      return { ...change, changed, required, withdrawn };
    });
    if (outcome.changed)
      this.logger.log(
        { participantId: id, check: outcome.check, recorded: outcome.recorded, ...outcome.withdrawn },
        outcome.recorded ? 'screening recorded' : 'screening cleared',
      );
    return outcome;
  }
}
