import { Injectable } from '@nestjs/common';
import { contactFilterOn, screeningOn } from '../../programs/entities/programme.entity';
import { ProgramsRepository } from '../../programs/programs.repository';
import { AdminInputError, AdminNotFound } from '../admin.errors';
import { PeopleRepository } from './people.repository';

const lines = (v: unknown) =>
  typeof v === 'string'
    ? [...new Set(v.split(/[\n,]+/).map((x) => x.trim().toLowerCase()).filter(Boolean))]
    : [];

/** A safeguarding switch as the form offers it: the programme's default (stored as null), on or off. */
type Choice = 'auto' | 'on' | 'off';

const isChoice = (v: unknown): v is Choice => v === 'auto' || v === 'on' || v === 'off';
const stored = (choice: Choice) => (choice === 'auto' ? null : choice === 'on');
const onOff = (on: boolean) => (on ? 'on' : 'off');

/** Whether each switch is now in force, after the programme's default is applied. */
export interface SafeguardingState {
  filterOn: boolean;
  screeningOn: boolean;
}

/**
 * A programme's safeguarding: the contact-detail filter (with its allow-list and words) and
 * mentor screening, each on, off or by default (on when the programme asks guardian consent).
 */
@Injectable()
export class SafeguardingSettingsService {
  constructor(
    private readonly programs: ProgramsRepository,
    private readonly people: PeopleRepository,
  ) {}

  async save(id: string, body: Record<string, unknown>, staffId: string): Promise<SafeguardingState> {
    const programme = await this.programs.findProgramme(id);
    if (!programme) throw new AdminNotFound('programme');
    const filter = body.contactFilter;
    if (!isChoice(filter)) throw new AdminInputError('The filter is on, off or the default.');
    const screening = body.screeningRequired;
    if (!isChoice(screening)) throw new AdminInputError('Mentor screening is on, off or the default.');
    const contactAllow = lines(body.contactAllow).map((a) => a.replace(/^https?:\/\//, '').split('/')[0]);
    const filterKeywords = lines(body.filterKeywords);
    const validity = typeof body.screeningValidMonths === 'string' ? body.screeningValidMonths.trim() : '';
    if (validity && !(/^\d{1,3}$/.test(validity) && Number(validity) >= 1 && Number(validity) <= 120))
      throw new AdminInputError('A check stays valid for 1 to 120 months, or empty for no lapse.');
    const screeningValidMonths = validity ? Number(validity) : null;
    if (contactAllow.length > 100 || filterKeywords.length > 200)
      throw new AdminInputError('At most 100 allowed entries and 200 words.');
    const values = {
      contactFilter: stored(filter),
      screeningRequired: stored(screening),
      screeningValidMonths,
      contactAllow,
      filterKeywords,
    };
    await this.programs.updateProgrammeSafeguarding(id, values);
    const now = { ...values, consentAge: programme.consentAge };
    const state = { filterOn: contactFilterOn(now), screeningOn: screeningOn(now) };
    await this.people.audit({
      staffId,
      programmeId: id,
      action: 'safeguarding_changed',
      detail:
        `filter ${filter} (${onOff(state.filterOn)}), ${contactAllow.length} allowed, ` +
        `${filterKeywords.length} word(s); mentor screening ${screening} (${onOff(state.screeningOn)})` +
        (screeningValidMonths ? `, valid ${screeningValidMonths} months` : ''),
    });
    return state;
  }
}
