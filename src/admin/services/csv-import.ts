import { readCsvRecords } from '../../common/csv-records';
import type { ScreeningFacts } from '../../matching/readiness';
import { checkDateInstant, checkDateProblem } from '../people/screening';
import { memoisedZoneCheck } from '../../common/iana-zones';
import { CIRCLE_MAX_LEADS, CIRCLE_MAX_MEMBERS } from '../../programs/programs.service';
import {
  ABOUT_MAX,
  cleanIntroduction,
  nameProblem,
  PREFERRED_NAME_MAX,
} from '../../programs/participant-names';

export interface ImportRow {
  line: number;
  name: string;
  email: string;
  role: string;
  pairing: string;
  /** Optional: people sharing a circle name form that circle (mentors lead it, mentees are its members). */
  circle: string;
  timeZone: string;
  locale: string;
  /** Optional: the first name they go by, and one line about them for their partner's welcome. */
  preferredName: string | null;
  about: string | null;
  /** Optional: when a mentor's background check and safeguarding training were done (YYYY-MM-DD). */
  backgroundChecked: string | null;
  trained: string | null;
  errors: string[];
}

export interface ImportPlan {
  rows: ImportRow[];
  /** Problems with the file as a whole (no header, unparsable quoting). */
  fileErrors: string[];
  pairings: number;
  circles: number;
  ok: boolean;
}

export const CSV_COLUMNS = [
  'name',
  'email',
  'role',
  'pairing',
  'time_zone',
  'locale',
  'preferred_name',
  'about',
  'circle',
  'background_checked',
  'trained',
] as const;
const REQUIRED = ['name', 'email', 'role'];
const EMAIL = /^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]+$/;

/**
 * Reads and checks a participants CSV (one person a line; people sharing a `pairing` label form
 * one pairing: one mentor, one or more mentees). Every problem is tied to its line; the caller
 * imports only a plan with no problem at all. `placementProblem` says why a row's person may not
 * be put in a pairing or circle (a youth programme's guardian consent), asked only of rows with one.
 */
export function planImport(
  text: string,
  existingEmails: Set<string>,
  addressProblem: (email: string) => string | null,
  placementProblem: (row: ImportRow) => string | null = () => null,
  today: string = new Date().toISOString().slice(0, 10),
): ImportPlan {
  const read = readCsvRecords(text);
  if ('error' in read) {
    return {
      rows: [],
      fileErrors: [read.error],
      pairings: 0,
      circles: 0,
      ok: false,
    };
  }
  const { records } = read;
  const header = records.length ? Object.keys(records[0].record) : [];
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (records.length === 0 || missing.length) {
    const what = records.length === 0 ? 'no rows' : `missing column(s): ${missing.join(', ')}`;
    return {
      rows: [],
      fileErrors: [`${what}; expected a header line: ${CSV_COLUMNS.join(',')}`],
      pairings: 0,
      circles: 0,
      ok: false,
    };
  }
  const seen = new Map<string, number>();
  const zoneKnown = memoisedZoneCheck();
  const rows = records.map(({ record, info }) =>
    checkRow(record, info.lines, { existing: existingEmails, seen, addressProblem, zoneKnown, today }),
  );
  for (const row of rows) {
    const problem = row.pairing || row.circle ? placementProblem(row) : null;
    if (problem) row.errors.push(problem);
  }
  const groups = groupedBy(rows, (r) => r.pairing);
  for (const [label, members] of groups) {
    const mentors = members.filter((m) => m.role === 'mentor').length;
    const mentees = members.filter((m) => m.role === 'mentee').length;
    if (mentors !== 1 || mentees === 0) {
      const why = `pairing "${label}" needs exactly one mentor and at least one mentee (has ${mentors} and ${mentees})`;
      for (const m of members) m.errors.push(why);
    }
  }
  const circles = groupedBy(rows, (r) => r.circle);
  for (const [name, members] of circles) {
    const leads = members.filter((m) => m.role === 'mentor').length;
    const rest = members.filter((m) => m.role === 'mentee').length;
    if (leads < 1 || leads > CIRCLE_MAX_LEADS || rest < 1 || rest > CIRCLE_MAX_MEMBERS) {
      const why = `circle "${name}" needs 1 to ${CIRCLE_MAX_LEADS} mentors (leads) and 1 to ${CIRCLE_MAX_MEMBERS} mentees (has ${leads} and ${rest})`;
      for (const m of members) m.errors.push(why);
    }
    if (name.length > 80) for (const m of members) m.errors.push('a circle name is at most 80 characters');
  }
  return {
    rows,
    fileErrors: [],
    pairings: groups.size,
    circles: circles.size,
    ok: rows.every((r) => r.errors.length === 0),
  };
}

/**
 * Rows by a label, skipping rows without one. Appends in place: copying the group for each row made
 * a file whose rows share one label (a misaligned column) cost a square of its length, as did
 * filtering every row once per label when the plan was committed.
 */
export function groupedBy(rows: ImportRow[], label: (row: ImportRow) => string): Map<string, ImportRow[]> {
  const groups = new Map<string, ImportRow[]>();
  for (const row of rows) {
    const key = label(row);
    if (!key) continue;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

interface RowChecks {
  existing: Set<string>;
  /** Addresses seen on earlier lines, with their line. */
  seen: Map<string, number>;
  addressProblem: (email: string) => string | null;
  zoneKnown: (zone: string) => boolean;
  /** The date a screening may be at most (YYYY-MM-DD): a check is not done in the future. */
  today: string;
}

function checkRow(
  record: Record<string, string>,
  line: number,
  { existing, seen, addressProblem, zoneKnown, today }: RowChecks,
): ImportRow {
  const row: ImportRow = {
    line,
    name: record.name ?? '',
    email: (record.email ?? '').toLowerCase(),
    role: (record.role ?? '').toLowerCase(),
    pairing: record.pairing ?? '',
    circle: (record.circle ?? '').replace(/\s+/g, ' ').trim(),
    timeZone: record.time_zone || 'UTC',
    locale: record.locale || 'en',
    preferredName: cleanIntroduction(record.preferred_name),
    about: cleanIntroduction(record.about),
    backgroundChecked: record.background_checked?.trim() || null,
    trained: record.trained?.trim() || null,
    errors: [],
  };
  for (const [column, value] of [
    ['background_checked', row.backgroundChecked],
    ['trained', row.trained],
  ] as const) {
    const problem = value === null ? null : checkDateProblem(column, value, today);
    if (problem) row.errors.push(problem);
  }
  if (!row.name) row.errors.push('name is empty');
  for (const problem of [nameProblem('name', row.name), nameProblem('preferred_name', row.preferredName)])
    if (problem) row.errors.push(problem);
  const ours = EMAIL.test(row.email) ? addressProblem(row.email) : null;
  if (!EMAIL.test(row.email)) row.errors.push(`"${record.email ?? ''}" is not an email address`);
  else if (ours) row.errors.push(ours);
  else if (existing.has(row.email))
    row.errors.push(`${row.email} is already a participant of this programme`);
  else if (seen.has(row.email)) row.errors.push(`${row.email} also appears on line ${seen.get(row.email)}`);
  else seen.set(row.email, line);
  if (row.role !== 'mentor' && row.role !== 'mentee')
    row.errors.push(`role must be mentor or mentee, not "${record.role ?? ''}"`);
  if (!zoneKnown(row.timeZone)) row.errors.push(`unknown time zone "${row.timeZone}"`);
  if ((row.preferredName?.length ?? 0) > PREFERRED_NAME_MAX)
    row.errors.push(`preferred_name is longer than ${PREFERRED_NAME_MAX} characters`);
  if ((row.about?.length ?? 0) > ABOUT_MAX) row.errors.push(`about is longer than ${ABOUT_MAX} characters`);
  if (!/^[a-z]{2}(-[A-Za-z]{2})?$/.test(row.locale))
    row.errors.push(`locale "${row.locale}" is not like en or pt-BR`);
  return row;
}


/** A row's screening dates as the record staff keep (`checkDateInstant`), for the rule and the insert. */
export function screeningOfRow(row: Pick<ImportRow, 'backgroundChecked' | 'trained'>): ScreeningFacts {
  const at = (d: string | null) => (d ? checkDateInstant(d) : null);
  return { backgroundCheckedAt: at(row.backgroundChecked), trainedAt: at(row.trained) };
}
