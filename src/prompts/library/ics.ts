/**
 * RFC 5545 text rules shared by every calendar file we write or rewrite (the check-in
 * invitation, masked calendar attachments): UTC stamps, escaped text, lines folded at 75 octets.
 */

const MAX_OCTETS = 75;

/** YYYYMMDDTHHMMSSZ (RFC 5545 3.3.5, form 2: UTC). */
export function utcStamp(date: Date): string {
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
