import { DateTime } from 'luxon';

/** A calendar date without a zone, as the schedule stores it ("2026-03-08"). */
export type LocalDate = string;

const HOUR = 3_600_000;

function wallMatches(
  ms: number,
  zone: string,
  w: { y: number; mo: number; d: number; h: number; mi: number },
) {
  const t = DateTime.fromMillis(ms, { zone });
  return t.year === w.y && t.month === w.mo && t.day === w.d && t.hour === w.h && t.minute === w.mi;
}

/**
 * The UTC instant of a wall-clock time in an IANA zone. A time that does not exist (the
 * spring-forward gap) moves forward by the gap, as a person's clock would; an ambiguous one
 * (the fall-back overlap) takes the first occurrence. Luxon alone is not consistent about
 * overlaps (New York gets the second, Lord Howe the first), hence the explicit candidates.
 */
export function localInstant(zone: string, date: LocalDate, hour: number, minute = 0): Date {
  const [y, mo, d] = date.split('-').map(Number);
  const wall = { y, mo, d, h: hour, mi: minute };
  const asUtc = Date.UTC(y, mo - 1, d, hour, minute);
  const offsets = new Set(
    [-12, 0, 12].map((shift) => DateTime.fromMillis(asUtc + shift * HOUR, { zone }).offset),
  );
  const valid = [...offsets]
    .map((offset) => asUtc - offset * 60_000)
    .filter((ms) => wallMatches(ms, zone, wall))
    .sort((a, b) => a - b);
  if (valid.length > 0) return new Date(valid[0]);
  // In the gap: luxon keeps the earlier offset, which lands the same distance past the jump.
  const shifted = DateTime.fromObject({ year: y, month: mo, day: d, hour, minute }, { zone });
  return shifted.toJSDate();
}

/** The calendar date of an instant in a zone. */
export function localDateOf(instant: Date, zone: string): LocalDate {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** ISO weekday of a calendar date, 1 = Monday. */
export function weekdayOf(date: LocalDate): number {
  return DateTime.fromISO(date, { zone: 'UTC' }).weekday;
}

/**
 * The first send strictly after `after` that falls on ISO `weekday` (1 = Monday) at `hour`
 * local time in `zone`. The schedule stores only the UTC result; this is called again for
 * every step, so a programme's new weekday or hour applies from the next step.
 */
export function nextLocalSendTime(
  zone: string,
  weekday: number,
  hour: number,
  after: Date,
  minute = 0,
): Date {
  if (!isValidZone(zone)) throw new Error(`unknown time zone: ${zone}`);
  const start = addDays(localDateOf(after, zone), -1);
  for (let i = 0; i < 16; i++) {
    const date = addDays(start, i);
    if (weekdayOf(date) !== weekday) continue;
    const at = localInstant(zone, date, hour, minute);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new Error('unreachable: a weekday recurs within 16 days');
}

/** ISO week of an instant in a zone, e.g. "2026-W10", the digest's natural key. */
export function isoWeekOf(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("kkkk-'W'WW");
}

// Zones and locales are set by staff, so these memos stay small; the cap guards a runaway.
const MEMO_LIMIT = 2000;

function remembered<V>(memo: Map<string, V>, key: string, make: () => V): V {
  let value = memo.get(key);
  if (value === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    value = make();
    memo.set(key, value);
  }
  return value;
}

// Whether a zone name is known does not change while the process runs; asking luxon costs ~8 us,
// and the digest fan-out asks once per participant.
const knownZones = new Map<string, boolean>();

export function isValidZone(zone: string): boolean {
  return remembered(knownZones, zone, () => DateTime.local().setZone(zone).isValid);
}

const LONG_FORMAT: Intl.DateTimeFormatOptions = {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
};
// One Intl formatter per zone and locale, kept: a call costs ~1.3 us against ~23 us through
// luxon, which rebuilds its objects every time (a digest formats two dates, hundreds of digests
// a second).
const formatters = new Map<string, Intl.DateTimeFormat>();

function longFormatter(zone: string, locale: string): Intl.DateTimeFormat {
  return remembered(
    formatters,
    `${zone}\u0000${locale}`,
    () =>
      new Intl.DateTimeFormat(locale || undefined, {
        ...LONG_FORMAT,
        timeZone: isValidZone(zone) ? zone : 'UTC',
      }),
  );
}

/** "Tuesday 10 March at 09:00" in the recipient's zone and locale (an unknown zone reads as UTC). */
export function formatLocal(instant: Date, zone: string, locale: string): string {
  return longFormatter(zone, locale).format(instant);
}
