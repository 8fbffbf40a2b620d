import { DateTime } from 'luxon';
import { WEEKDAYS, type Weekday, type WeeklySlot } from './match.types';

// A week in half hours: 7 x 48 = 336 slots, kept as a bitset of 11 32-bit words, so the overlap
// of two people is 11 ANDs and popcounts (the engine scores millions of pairs).
export const SLOT_MINUTES = 30;
export const SLOTS_PER_DAY = (24 * 60) / SLOT_MINUTES;
export const SLOTS_PER_WEEK = 7 * SLOTS_PER_DAY;
export const WEEK_WORDS = Math.ceil(SLOTS_PER_WEEK / 32);

// luxon takes ~0.1 ms per zone lookup; a programme has a few dozen zones and thousands of people.
const offsets = new Map<string, number | null>();
let offsetsAt = NaN;

/**
 * The zone's UTC offset in minutes at `now`, or null for a zone luxon does not know. Offsets are
 * taken at one instant: a week that crosses a daylight-saving change is off by an hour on its far side.
 */
export function offsetAt(timeZone: string, now: Date): number | null {
  if (now.getTime() !== offsetsAt) {
    offsets.clear();
    offsetsAt = now.getTime();
  }
  let offset = offsets.get(timeZone);
  if (offset === undefined) {
    const local = DateTime.fromJSDate(now, { zone: timeZone });
    offset = local.isValid ? local.offset : null;
    offsets.set(timeZone, offset);
  }
  return offset;
}

/** The clock distance between two offsets in minutes, the short way round (UTC+12 and UTC-11 are 1 h apart). */
export function clockDistanceMinutes(a: number, b: number): number {
  const d = Math.abs(a - b) % 1440;
  return Math.min(d, 1440 - d);
}

function slotOf(hhmm: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!match) throw new RangeError(`not a time of day: ${hhmm}`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > 24 * 60 || Number(match[2]) > 59) throw new RangeError(`not a time of day: ${hhmm}`);
  return Math.round(minutes / SLOT_MINUTES);
}

/** The person's free time as UTC half-hour slots of the week, or null when they gave none. */
export function utcWeekMask(slots: readonly WeeklySlot[], offsetMinutes: number): Uint32Array | null {
  if (slots.length === 0) return null;
  const mask = new Uint32Array(WEEK_WORDS);
  const shift = Math.round(offsetMinutes / SLOT_MINUTES);
  for (const slot of slots) {
    const day = WEEKDAYS.indexOf(slot.day);
    if (day < 0) throw new RangeError(`not a weekday: ${String(slot.day)}`);
    const from = slotOf(slot.from);
    let to = slotOf(slot.to);
    if (to <= from) to += SLOTS_PER_DAY;
    for (let local = day * SLOTS_PER_DAY + from; local < day * SLOTS_PER_DAY + to; local++) {
      const utc = (((local - shift) % SLOTS_PER_WEEK) + SLOTS_PER_WEEK) % SLOTS_PER_WEEK;
      mask[utc >>> 5] |= 1 << (utc & 31);
    }
  }
  return mask;
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function overlapSlots(a: Uint32Array, b: Uint32Array): number {
  let count = 0;
  for (let w = 0; w < WEEK_WORDS; w++) count += popcount32(a[w] & b[w]);
  return count;
}

/** The weekdays, in the zone of `offsetMinutes`, on which both masks are free for at least one slot. */
export function sharedDays(a: Uint32Array, b: Uint32Array, offsetMinutes: number): Weekday[] {
  const shift = Math.round(offsetMinutes / SLOT_MINUTES);
  const days = new Set<number>();
  for (let utc = 0; utc < SLOTS_PER_WEEK; utc++) {
    const bit = 1 << (utc & 31);
    if ((a[utc >>> 5] & bit) !== 0 && (b[utc >>> 5] & bit) !== 0) {
      const local = (((utc + shift) % SLOTS_PER_WEEK) + SLOTS_PER_WEEK) % SLOTS_PER_WEEK;
      days.add(Math.floor(local / SLOTS_PER_DAY));
    }
  }
  return [...days].sort((x, y) => x - y).map((d) => WEEKDAYS[d]);
}
