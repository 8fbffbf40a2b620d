import { maskAddresses } from '../outbound/mime/mask-addresses';
import type { Participant } from './entities/participant.entity';

/** Longest preferred name or "about" line kept: a greeting and one line, not a biography. */
export const PREFERRED_NAME_MAX = 60;
export const ABOUT_MAX = 280;

/**
 * The name of someone whose join email gave none we can use: shown until they answer the
 * questionnaire's "What first name should we use for you?", which then replaces it.
 */
export const NAME_PLACEHOLDER = 'Participant';

// Every address is taken out of a name, even one of our own domain: a name is never an address.
const ANY_DOMAIN = { ourDomain: '', replacement: ' ' };
// What the relay's mask leaves (no dot in the domain, a handle) but still reads as an address.
const AT_SIGN = /[@\uFF20]|%40/i;
// Separators and quotes a removed address leaves at either end ("Ann |", "\"Ann\"").
const END_CHAR = /[\s"'<>,;:|/\\\u00B7\u2022\u2013\u2014-]/;

// By index, not a trailing `[...]+$`, which backtracks quadratically on a long run of them.
function trimEnds(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && END_CHAR.test(s[start])) start++;
  while (end > start && END_CHAR.test(s[end - 1])) end--;
  return s.slice(start, end);
}

/** Whether text holds anything address-shaped (the relay's mask, or a bare "@"). */
export function hasAddress(text: string): boolean {
  return AT_SIGN.test(text) || maskAddresses(text, ANY_DOMAIN) !== text;
}

/**
 * A name with every address-like part taken out ("Ann Lee (ann@x.org)" is "Ann Lee",
 * "ann.lee@gmail.com" is ""), so that no name carries an address to the people who read it.
 */
export function withoutAddresses(text: string | null | undefined): string {
  const kept = maskAddresses(text ?? '', ANY_DOMAIN)
    .split(/\s+/)
    .filter((word) => !AT_SIGN.test(word))
    .join(' ')
    .replace(/[([{<]\s*[)\]}>]/g, ' ')
    .replace(/\s+/g, ' ');
  return trimEnds(kept);
}

/** Why a name staff give cannot be kept (it holds an address other participants would see), or null. */
export function nameProblem(field: string, value: string | null | undefined): string | null {
  return value && hasAddress(value)
    ? `${field} holds an email address, which other participants would see`
    : null;
}

/**
 * The name a join email gives a new participant: its display name without any address in it.
 * None, nothing left, or the address's own local part exactly as written (what a client fills in
 * when it knows no name: "ann.lee" is Ann's address all but the domain) gives the placeholder.
 * "Ann" for ann@example.org is a name she chose to show, and stays.
 */
export function nameFromHeader(displayName: string | null | undefined, address: string): string {
  const name = withoutAddresses(displayName);
  if (!/\p{L}/u.test(name) || isLocalPart(name, address)) return NAME_PLACEHOLDER;
  return name;
}

/** Whether a name is the address's local part, as written (an address is stored lower-cased). */
export function isLocalPart(name: string, address: string): boolean {
  return name === address.slice(0, address.lastIndexOf('@'));
}

/**
 * The name other participants see of someone (footers, digests, notices, "A message from"):
 * the name without any address in it; while it is still the placeholder (or nothing is left),
 * the first name they chose. The name is what staff typed or the join email gave, so it is
 * cleaned again here, wherever it came from.
 */
export function nameOthersSee(p: Pick<Participant, 'name'> & { preferredName?: string | null }): string {
  const name = withoutAddresses(p.name);
  if (name && name !== NAME_PLACEHOLDER) return name;
  return withoutAddresses(p.preferredName) || NAME_PLACEHOLDER;
}

/**
 * The name a greeting uses: the preferred first name when staff recorded one, else the first
 * word of the full name ("Maria" for "Maria Mentor"), else the whole name. Never an address:
 * circle digests and notices greet or name people to each other with it.
 */
export function greetingName(p: Pick<Participant, 'name'> & { preferredName?: string | null }): string {
  const preferred = withoutAddresses(p.preferredName);
  if (preferred) return preferred;
  return withoutAddresses(p.name).split(' ', 1)[0] || NAME_PLACEHOLDER;
}

/** Trimmed, inner whitespace collapsed, empty as null: what the columns store. */
export function cleanIntroduction(value: string | null | undefined): string | null {
  const cleaned = (value ?? '').replace(/\s+/g, ' ').trim();
  return cleaned || null;
}

/** Names in a sentence: "Sam", "Sam and Ana", "Sam, Ana and you". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
