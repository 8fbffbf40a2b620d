import { createHmac } from 'node:crypto';
import { escapeText, foldLine, utcStamp } from '../library/ics';

export interface InvitationInput {
  uid: string;
  /** Versions the one event: 0 for the first pick, one more for each later pick. */
  sequence: number;
  start: Date;
  durationMinutes: number;
  summary: string;
  description: string;
  /** The video link, shown as the location; null when the pair agree it by email. */
  location: string | null;
  /** The pairing's relay address: calendar answers go back through the relay, never to a person. */
  organizer: { name: string; address: string };
  now: Date;
  /** REQUEST (the default) adds or updates the event; CANCEL, with a higher SEQUENCE, removes it. */
  method?: 'REQUEST' | 'CANCEL';
}

/**
 * One UID for both sides of a check-in: a keyed hash of the check-in's id under APP_SECRET, as
 * the relay rewrites calendar UIDs (src/inbound/attachments/calendar.ts), so it names no pairing.
 */
export function checkinUid(checkinId: string, secret: string, domain: string): string {
  return `checkin-${createHmac('sha256', secret).update(`video-checkin:${checkinId}`).digest('hex').slice(0, 32)}@${domain}`;
}

/**
 * The calendar invitation both sides get (RFC 5545/5546 METHOD:REQUEST): the same UID, start
 * and SEQUENCE for both, UTC times so each calendar shows the instant in its owner's own zone.
 * The organizer is the pairing's relay address; there are no attendees, whose addresses would
 * be real ones (see library/ics.ts).
 */
export function buildInvitationIcs(input: InvitationInput): string {
  const cancel = input.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//MentorMail//Video check-in//EN',
    'CALSCALE:GREGORIAN',
    cancel ? 'METHOD:CANCEL' : 'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:${input.uid}`,
    `DTSTAMP:${utcStamp(input.now)}`,
    `DTSTART:${utcStamp(input.start)}`,
    `DURATION:PT${input.durationMinutes}M`,
    `SUMMARY:${escapeText(input.summary)}`,
    `DESCRIPTION:${escapeText(input.description)}`,
    ...(input.location ? [`LOCATION:${escapeText(input.location)}`, `URL:${input.location}`] : []),
    `ORGANIZER;CN="${input.organizer.name.replace(/["\p{Cc}]/gu, '')}":mailto:${input.organizer.address}`,
    cancel ? 'STATUS:CANCELLED' : 'STATUS:CONFIRMED',
    'TRANSP:OPAQUE',
    `SEQUENCE:${input.sequence}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
