import { DateTime } from 'luxon';
import { isValidZone } from '../schedule/local-time';

/** The day a letter was written, in the writer's zone and language: "Friday, 20 March". */
export function writtenOnText(instant: Date, zone: string, locale: string): string {
  return DateTime.fromJSDate(instant, { zone: isValidZone(zone) ? zone : 'UTC' })
    .setLocale(locale)
    .toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' });
}
