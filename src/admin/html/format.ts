import { DateTime } from 'luxon';
import { viewerZone } from './viewer-zone';

/** Short, locale-neutral date and time for tables, in the viewer's zone (named in every page's header). */
export function when(date: Date | string | null | undefined): string {
  if (!date) return '—';
  const d = typeof date === 'string' ? new Date(date) : date;
  return DateTime.fromJSDate(d, { zone: viewerZone() }).toFormat('yyyy-LL-dd HH:mm');
}

export function ago(date: Date | string | null | undefined, now = Date.now()): string {
  if (!date) return 'never';
  const ms = now - new Date(date).getTime();
  const days = Math.floor(ms / 86_400_000);
  if (days >= 1) return `${days} d ago`;
  const hours = Math.floor(ms / 3_600_000);
  return hours >= 1 ? `${hours} h ago` : `${Math.max(0, Math.floor(ms / 60_000))} min ago`;
}

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export const hourText = (hour: number): string => `${String(hour).padStart(2, '0')}:00`;
