import { DateTime } from 'luxon';

/** A calendar date ("2026-06-30") as people read it: "Tuesday 30 June 2026". */
export function formatDay(date: string, locale = 'en'): string {
  const day = DateTime.fromISO(date, { zone: 'UTC' }).setLocale(locale.replace('_', '-'));
  return day.isValid ? day.toFormat('cccc d LLLL yyyy') : date;
}

/** `date` plus `days` (negative: before), as YYYY-MM-DD. */
export function addDaysIso(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}
