import { Injectable } from '@nestjs/common';
import { contactFilterOn } from '../../programs/entities/programme.entity';
import { ProgramsRepository } from '../../programs/programs.repository';
import { AdminInputError, AdminNotFound } from '../admin.errors';
import { PeopleRepository } from './people.repository';

const lines = (v: unknown) =>
  typeof v === 'string'
    ? [...new Set(v.split(/[\n,]+/).map((x) => x.trim().toLowerCase()).filter(Boolean))]
    : [];

/** A programme's safeguarding: the contact-detail filter on, off or by default, its allow-list and words. */
@Injectable()
export class SafeguardingSettingsService {
  constructor(
    private readonly programs: ProgramsRepository,
    private readonly people: PeopleRepository,
  ) {}

  /** Returns whether the filter is now on. */
  async save(id: string, body: Record<string, unknown>, staffId: string): Promise<boolean> {
    const programme = await this.programs.findProgramme(id);
    if (!programme) throw new AdminNotFound('programme');
    const choice = body.contactFilter;
    if (choice !== 'auto' && choice !== 'on' && choice !== 'off')
      throw new AdminInputError('The filter is on, off or the default.');
    const contactAllow = lines(body.contactAllow).map((a) => a.replace(/^https?:\/\//, '').split('/')[0]);
    const filterKeywords = lines(body.filterKeywords);
    if (contactAllow.length > 100 || filterKeywords.length > 200)
      throw new AdminInputError('At most 100 allowed entries and 200 words.');
    const values = { contactFilter: choice === 'auto' ? null : choice === 'on', contactAllow, filterKeywords };
    await this.programs.updateProgrammeSafeguarding(id, values);
    const on = contactFilterOn({ ...values, consentAge: programme.consentAge });
    await this.people.audit({
      staffId,
      programmeId: id,
      action: 'safeguarding_changed',
      detail: `filter ${choice}${on ? ' (on)' : ' (off)'}, ${contactAllow.length} allowed, ${filterKeywords.length} word(s)`,
    });
    return on;
  }
}
