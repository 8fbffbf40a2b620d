import type { JsonObject } from '../../database/json';
import { shownName, shownText } from '../../choice/shown-person';
import { NAME_PLACEHOLDER } from '../../programs/participant-names';

export const REMOVED_TEXT = '(removed)';
export const REMOVED_NAME = 'Removed participant';
/** What stands where a name, address or their words were inside someone else's text. */
export const REMOVED_MARK = '[removed]';

/** What of the erased person another person's email may carry, as the emails wrote it. */
export interface PayloadTraces {
  /** Full names, preferred name, addresses, bio and "about" as given and as shown: replaced inside any text. */
  needles: string[];
  /** The first name the choice emails show (`shownName`): replaced where it is a whole value; null when only the placeholder. */
  shownName: string | null;
}

/**
 * How one delivery is tied to the erased person by id (desk_asks and match_requests), whatever
 * its pairing: a request that is wholly about them, or their card among a mentee's offers.
 */
export type PayloadLink = { kind: 'request' } | { kind: 'card'; number: number };

/** Builds the traces from the stored person (their participant row and profile). */
export function payloadTraces(p: {
  name: string;
  preferredName: string | null;
  about: string | null;
  bio: string | null;
  addresses: string[];
}): PayloadTraces {
  const words = [p.bio, p.about].flatMap((w) => [w, shownText(w, p)]);
  const needles = [p.name, p.preferredName, ...p.addresses, ...words]
    .map((n) => (n ?? '').trim())
    .filter((n) => n.length >= 2);
  // Longest first, so "Tom Mentee" is replaced before a preferred "Tom" could split it.
  const shown = shownName(p);
  return {
    needles: [...new Set(needles)].sort((a, b) => b.length - a.length),
    shownName: shown === NAME_PLACEHOLDER ? null : shown,
  };
}

// Keys that name the email's own recipient: never the erased person in someone else's email.
const RECIPIENT_KEYS = new Set(['recipientName']);

/**
 * Someone else's email payload without the erased person: the props a link says are theirs go,
 * then every string value loses their names, addresses and words. Keys are never touched, so the
 * payload still renders. Returns null when nothing changed.
 */
export function scrubPayload(
  payload: JsonObject,
  traces: PayloadTraces,
  links: readonly PayloadLink[] = [],
): JsonObject | null {
  const copy = structuredClone(payload) as JsonObject;
  const props = (copy.input as JsonObject | undefined)?.props as JsonObject | undefined;
  if (props && typeof props === 'object') {
    for (const link of links) {
      if (link.kind === 'request') {
        // The whole request is about them: only what says who asks, and when, stays.
        for (const key of ['bio', 'goalsText', 'topicsText']) delete props[key];
        Object.assign(props, { menteeName: REMOVED_NAME, why: REMOVED_TEXT });
      } else if (Array.isArray(props.mentors)) {
        props.mentors = (props.mentors as JsonObject[]).map((card) =>
          card?.number === link.number
            ? { number: card.number, name: REMOVED_NAME, why: REMOVED_TEXT }
            : card,
        );
      }
    }
  }
  const pattern = needlePattern(traces.needles);
  const scrubbed = walk(copy, (value, key) => {
    if (key !== undefined && !RECIPIENT_KEYS.has(key) && value === traces.shownName) return REMOVED_MARK;
    return pattern ? value.replace(pattern, REMOVED_MARK) : value;
  }) as JsonObject;
  return JSON.stringify(scrubbed) === JSON.stringify(payload) ? null : scrubbed;
}

/** Whole words only: a first name "Ann" is theirs in "Ann wrote", not in "announcement". */
function needlePattern(needles: string[]): RegExp | null {
  if (needles.length === 0) return null;
  const escaped = needles.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

/** Maps every string value (not key) of a JSON value; `key` is the property a value sits under. */
function walk(value: unknown, fn: (s: string, key?: string) => string, key?: string): unknown {
  if (typeof value === 'string') return fn(value, key);
  if (Array.isArray(value)) return value.map((v) => walk(v, fn, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, fn, k)]));
  }
  return value;
}
