/**
 * A minimal RFC 5545 calendar file for the video check-in prompt: one VEVENT, UTC times (so
 * no VTIMEZONE is needed), CRLF line ends, lines folded at 75 octets.
 *
 * Privacy: no ORGANIZER or ATTENDEE. Both take a calendar address (mailto:), which would put
 * a participant's real address in a file that gets forwarded and synced; the organiser's
 * name goes into the description instead. Without ORGANIZER, METHOD:PUBLISH files import as
 * a plain appointment in Google, Outlook and Apple Calendar, which is all a suggestion needs.
 */

export interface IcsEventInput {
  /** Globally unique and stable across re-sends, e.g. "checkin-<pairingId>-<week>@mentormail". */
  uid: string;
  start: Date;
  durationMinutes: number;
  summary: string;
  description: string;
  /** A display name only; never an address. */
  organizerName: string;
  /** DTSTAMP; defaults to now. Tests pass a fixed time. */
  now?: Date;
}

const EMAIL_LIKE = /(?<![^\s@<>()])[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}/i;
const MAX_OCTETS = 75;

export function buildIcs(input: IcsEventInput): string {
  const { uid, start, durationMinutes, summary, description, organizerName } = input;
  if (!uid.trim() || /[\s\p{Cc}]/u.test(uid)) throw new Error('ICS uid must be non-empty, without spaces');
  if (Number.isNaN(start.getTime())) throw new Error('ICS start is not a valid date');
  if (!Number.isInteger(durationMinutes) || durationMinutes <= 0 || durationMinutes > 24 * 60) {
    throw new Error('ICS duration must be a whole number of minutes, up to a day');
  }
  for (const [field, value] of Object.entries({ summary, description, organizerName })) {
    if (EMAIL_LIKE.test(value)) throw new Error(`ICS ${field} must not contain an email address`);
  }

  const fullDescription = organizerName.trim()
    ? `Suggested by ${organizerName.trim()} via MentorMail.\n\n${description}`
    : description;

  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//MentorMail//Video check-in//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${utcStamp(input.now ?? new Date())}`,
    `DTSTART:${utcStamp(start)}`,
    `DURATION:PT${durationMinutes}M`,
    `SUMMARY:${escapeText(summary)}`,
    `DESCRIPTION:${escapeText(fullDescription)}`,
    'STATUS:TENTATIVE',
    'TRANSP:OPAQUE',
    'SEQUENCE:0',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** YYYYMMDDTHHMMSSZ (RFC 5545 3.3.5, form 2: UTC). */
function utcStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** RFC 5545 3.3.11: backslash, semicolon and comma are escaped; line breaks become \n. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/\p{Cc}/gu, '');
}

/**
 * RFC 5545 3.1: lines longer than 75 octets are split, each continuation starting with one
 * space. Octets, not characters, and never inside a multi-byte UTF-8 sequence.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let currentOctets = 0;
  for (const char of line) {
    const octets = Buffer.byteLength(char, 'utf8');
    // Continuation lines carry the leading space, so they hold one octet less.
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (currentOctets + octets > limit) {
      parts.push(current);
      current = '';
      currentOctets = 0;
    }
    current += char;
    currentOctets += octets;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
