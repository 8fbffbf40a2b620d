import { IANAZone } from 'luxon';
import { nameProblem } from '../../programs/participant-names';

export const PREFERRED_NAME_MAX = 60;
const EMAIL = /^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]+$/;
const LOCALE = /^[a-z]{2}(-[A-Za-z]{2})?$/;

/** What staff may change of a participant; `aliases` are the other addresses they write from. */
export interface ParticipantEdit {
  preferredName: string | null;
  email: string;
  aliases: string[];
  timeZone: string;
  locale: string;
}

export type EditCheck = { ok: true; edit: ParticipantEdit } | { ok: false; errors: string[] };

const field = (body: Record<string, unknown>, key: string) =>
  typeof body[key] === 'string' ? body[key].trim() : '';

/**
 * Reads the edit form: a time zone must be an IANA zone luxon knows (prompts go out at local
 * hours), a locale like `en` or `pt-BR`, every address one address. `problem` names an address
 * that is ours (a relay or the notices address): mail to it would loop.
 */
export function parseParticipantEdit(
  body: Record<string, unknown>,
  problem: (address: string) => string | null,
): EditCheck {
  const errors: string[] = [];
  const email = field(body, 'email').toLowerCase();
  const aliases = [
    ...new Set(
      field(body, 'aliases')
        .split(/[\s,;]+/)
        .map((a) => a.toLowerCase())
        .filter((a) => a && a !== email),
    ),
  ];
  for (const address of [email, ...aliases]) {
    if (!EMAIL.test(address)) errors.push(`"${address}" is not an email address.`);
    else if (problem(address)) errors.push(problem(address)!);
  }
  const timeZone = field(body, 'timeZone');
  if (!IANAZone.isValidZone(timeZone))
    errors.push(`"${timeZone}" is not a time zone; write one like Europe/Lisbon or America/Chicago.`);
  const locale = field(body, 'locale');
  if (!LOCALE.test(locale)) errors.push(`"${locale}" is not a locale; write one like en or pt-BR.`);
  const preferredName = field(body, 'preferredName').replace(/\s+/g, ' ') || null;
  if ((preferredName?.length ?? 0) > PREFERRED_NAME_MAX)
    errors.push(`The preferred name is longer than ${PREFERRED_NAME_MAX} characters.`);
  const named = nameProblem('The preferred name', preferredName);
  if (named) errors.push(`${named}.`);
  if (errors.length) return { ok: false, errors };
  return { ok: true, edit: { preferredName, email, aliases, timeZone, locale } };
}

/** The names of the fields an edit changes, for the audit (never the values: see StaffAudit). */
export function changedFields(before: ParticipantEdit, after: ParticipantEdit): string[] {
  const changed: string[] = [];
  if (before.preferredName !== after.preferredName) changed.push('preferred name');
  if (before.email !== after.email) changed.push('address');
  if ([...before.aliases].sort().join() !== [...after.aliases].sort().join()) changed.push('other addresses');
  if (before.timeZone !== after.timeZone) changed.push('time zone');
  if (before.locale !== after.locale) changed.push('locale');
  return changed;
}
