import type { Curriculum } from '../library/prompt-types';
import { addDays, localDateOf, localInstant, nextLocalSendTime, type LocalDate } from './local-time';

/** How a participant's prompts fall in time: their zone, the programme's day and hour. */
export interface Cadence {
  zone: string;
  weekday: number;
  hour: number;
  curriculum: Curriculum;
}

/** One curriculum item at one instant. `weekStart` is the local date of the week's day 0. */
export interface Slot {
  week: number;
  item: number;
  weekStart: LocalDate;
  at: Date;
}

export type SkipReason = 'superseded' | 'late';

export interface DuePlan {
  /** The one item to send now, if any. */
  send: Slot | null;
  /** Items that fell due but will not be sent (downtime): at most one catches up. */
  skipped: { slot: Slot; reason: SkipReason }[];
  /** What the schedule row points at next; null when the curriculum is done. */
  next: Slot | null;
}

const HOUR_MS = 3_600_000;

export function stepKey(slot: Pick<Slot, 'week' | 'item'>): string {
  return `${slot.week}.${slot.item}`;
}

export function promptKeyOf(curriculum: Curriculum, slot: Pick<Slot, 'week' | 'item'>): string | null {
  return curriculum.steps[slot.week - 1]?.items[slot.item]?.promptKey ?? null;
}

function at(c: Cadence, weekStart: LocalDate, week: number, item: number): Date {
  const offset = c.curriculum.steps[week - 1].items[item].dayOffset;
  return localInstant(c.zone, addDays(weekStart, offset), c.hour);
}

/** Week 1, item 0 at the first send day and hour after `after`. */
export function firstSlot(c: Cadence, after: Date): Slot | null {
  if (c.curriculum.steps.length === 0 || c.curriculum.steps[0].items.length === 0) return null;
  const weekStart = localDateOf(nextLocalSendTime(c.zone, c.weekday, c.hour, after), c.zone);
  const slot = { week: 1, item: 0, weekStart, at: at(c, weekStart, 1, 0) };
  return slot.at > after ? slot : following(c, slot);
}

/** The stored cursor as a slot under the current cadence; null when it is past the curriculum. */
export function slotAt(c: Cadence, week: number, item: number, weekStart: LocalDate): Slot | null {
  const step = c.curriculum.steps[week - 1];
  if (!step) return null;
  if (!step.items[item])
    return following(c, { week, item: step.items.length - 1, weekStart, at: new Date(0) });
  return { week, item, weekStart, at: at(c, weekStart, week, item) };
}

/**
 * The item after `slot`: the next one this week, else day 0 of the next week at the
 * programme's current weekday and hour (so an edited programme applies from the next step).
 */
export function following(c: Cadence, slot: Slot): Slot | null {
  const step = c.curriculum.steps[slot.week - 1];
  if (step && slot.item + 1 < step.items.length) {
    const when = at(c, slot.weekStart, slot.week, slot.item + 1);
    // Two items on one day, or an hour moved earlier: keep the order, an hour apart.
    const safe = when > slot.at ? when : new Date(slot.at.getTime() + HOUR_MS);
    return { week: slot.week, item: slot.item + 1, weekStart: slot.weekStart, at: safe };
  }
  const week = slot.week + 1;
  if (!c.curriculum.steps[week - 1]?.items.length) return null;
  const lastOfWeek = step ? at(c, slot.weekStart, slot.week, step.items.length - 1) : slot.at;
  const after = lastOfWeek > slot.at ? lastOfWeek : slot.at;
  const weekStart = localDateOf(nextLocalSendTime(c.zone, c.weekday, c.hour, after), c.zone);
  const when = at(c, weekStart, week, 0);
  return { week, item: 0, weekStart, at: when > slot.at ? when : new Date(slot.at.getTime() + HOUR_MS) };
}

/**
 * What a due schedule row does at `now`. After downtime only the most recent due item may
 * catch up, and only if it is at most `maxLateMs` late; everything older is skipped, so a
 * three-day outage ends with at most one prompt per person, never a burst.
 */
export function planDue(c: Cadence, due: Slot, now: Date, maxLateMs: number): DuePlan {
  const skipped: DuePlan['skipped'] = [];
  let current = due;
  let next = following(c, current);
  // Bounded: a curriculum has a few dozen items at most.
  for (let guard = 0; next && next.at <= now && guard < 500; guard++) {
    skipped.push({ slot: current, reason: 'superseded' });
    current = next;
    next = following(c, current);
  }
  if (now.getTime() - current.at.getTime() > maxLateMs) {
    skipped.push({ slot: current, reason: 'late' });
    return { send: null, skipped, next };
  }
  return { send: current, skipped, next };
}
