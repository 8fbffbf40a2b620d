import { readCsvRecords } from '../common/csv-records';
import { memoisedZoneCheck } from '../common/iana-zones';
import { PREFERRED_NAME_MAX, cleanIntroduction, nameProblem } from '../programs/participant-names';
import type { Invitee } from './enrolment.service';

export const INVITE_COLUMNS = [
  'name',
  'email',
  'role',
  'preferred_name',
  'time_zone',
  'locale',
  'guardian_email',
] as const;

export interface InviteRow {
  line: number;
  invitee: Invitee;
  errors: string[];
}

export interface InvitePlan {
  rows: InviteRow[];
  fileErrors: string[];
  ok: boolean;
}

const EMAIL = /^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]+$/;

/**
 * Reads an invitations CSV (name, email, role mentor|mentee|either; optional preferred_name,
 * time_zone, locale, guardian_email). Every problem is tied to its line. Addresses already in
 * the programme are not problems: inviting again changes nothing.
 */
export function planInvites(text: string, addressProblem: (email: string) => string | null): InvitePlan {
  const read = readCsvRecords(text);
  if ('error' in read) {
    return { rows: [], fileErrors: [read.error], ok: false };
  }
  const { records } = read;
  const header = records.length ? Object.keys(records[0].record) : [];
  const missing = ['name', 'email', 'role'].filter((c) => !header.includes(c));
  if (records.length === 0 || missing.length) {
    const what = records.length === 0 ? 'no rows' : `missing column(s): ${missing.join(', ')}`;
    return {
      rows: [],
      fileErrors: [`${what}; expected a header line: ${INVITE_COLUMNS.join(',')}`],
      ok: false,
    };
  }
  const seen = new Map<string, number>();
  const zoneKnown = memoisedZoneCheck();
  const rows = records.map(({ record, info }): InviteRow => {
    const errors: string[] = [];
    const email = (record.email ?? '').toLowerCase();
    const role = (record.role ?? '').toLowerCase();
    const timeZone = record.time_zone || 'UTC';
    const locale = record.locale || 'en';
    const guardian = (record.guardian_email ?? '').toLowerCase();
    const preferredName = cleanIntroduction(record.preferred_name);
    if (!record.name) errors.push('name is empty');
    for (const problem of [nameProblem('name', record.name), nameProblem('preferred_name', preferredName)])
      if (problem) errors.push(problem);
    if (!EMAIL.test(email)) errors.push(`"${record.email ?? ''}" is not an email address`);
    else if (addressProblem(email)) errors.push(addressProblem(email)!);
    else if (seen.has(email)) errors.push(`${email} also appears on line ${seen.get(email)}`);
    else seen.set(email, info.lines);
    if (!['mentor', 'mentee', 'either'].includes(role))
      errors.push(`role must be mentor, mentee or either, not "${record.role ?? ''}"`);
    if (!zoneKnown(timeZone)) errors.push(`unknown time zone "${timeZone}"`);
    if (!/^[a-z]{2}(-[A-Za-z]{2})?$/.test(locale)) errors.push(`locale "${locale}" is not like en or pt-BR`);
    if (guardian && !EMAIL.test(guardian))
      errors.push(`guardian_email "${guardian}" is not an email address`);
    if ((preferredName?.length ?? 0) > PREFERRED_NAME_MAX)
      errors.push(`preferred_name is longer than ${PREFERRED_NAME_MAX} characters`);
    return {
      line: info.lines,
      invitee: {
        name: record.name ?? '',
        email,
        role: role as Invitee['role'],
        preferredName,
        timeZone,
        locale,
        guardianEmail: guardian || null,
      },
      errors,
    };
  });
  return { rows, fileErrors: [], ok: rows.every((r) => r.errors.length === 0) };
}
