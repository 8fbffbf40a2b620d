import { buildIcs, foldLine } from './ics';

const base = {
  uid: 'checkin-42-w9@mentormail',
  start: new Date('2026-03-12T18:00:00Z'),
  durationMinutes: 20,
  summary: 'Video check-in: Jordan, Amira',
  description: 'Agree the video link by email; see you then!',
  organizerName: 'Jordan',
  now: new Date('2026-03-02T09:30:05.123Z'),
};

/** Undo RFC 5545 folding: CRLF followed by one space joins the lines. */
const unfold = (ics: string) => ics.replace(/\r\n /g, '');

describe('buildIcs', () => {
  it('writes one UTC VEVENT with CRLF line ends', () => {
    const ics = buildIcs(base);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VEVENT\r\nEND:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = unfold(ics).split('\r\n');
    expect(lines).toContain('UID:checkin-42-w9@mentormail');
    expect(lines).toContain('DTSTART:20260312T180000Z');
    expect(lines).toContain('DTSTAMP:20260302T093005Z');
    expect(lines).toContain('DURATION:PT20M');
    expect(lines).toContain('SUMMARY:Video check-in: Jordan\\, Amira');
    expect(lines).toContain(
      'DESCRIPTION:Suggested by Jordan via MentorMail.\\n\\nAgree the video link by email\\; see you then!',
    );
  });

  it('contains no participant address: no ORGANIZER, ATTENDEE or mailto', () => {
    const ics = buildIcs(base);
    expect(ics).not.toMatch(/ORGANIZER|ATTENDEE|mailto:/i);
  });

  it('refuses text that carries an email address', () => {
    expect(() => buildIcs({ ...base, description: 'write to jordan@example.com' })).toThrow(/email address/);
    expect(() => buildIcs({ ...base, organizerName: 'jordan@example.com' })).toThrow(/email address/);
  });

  it('rejects impossible input', () => {
    expect(() => buildIcs({ ...base, start: new Date('nope') })).toThrow();
    expect(() => buildIcs({ ...base, durationMinutes: 0 })).toThrow();
    expect(() => buildIcs({ ...base, uid: 'has space' })).toThrow();
  });

  it('folds long lines at 75 octets without splitting a UTF-8 character', () => {
    const description = 'Café ☕ chat about goals, '.repeat(12);
    const ics = buildIcs({ ...base, description });
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(unfold(ics)).toContain(`Café ☕ chat about goals\\, Café`);
    expect(ics).not.toContain('\uFFFD');
  });

  it('keeps short lines as they are and continues folded ones with a single space', () => {
    expect(foldLine('SUMMARY:short')).toBe('SUMMARY:short');
    const folded = foldLine(`DESCRIPTION:${'a'.repeat(200)}`);
    const parts = folded.split('\r\n');
    expect(parts[0]).toHaveLength(75);
    expect(parts.slice(1).every((p) => p.startsWith(' ') && !p.startsWith('  '))).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(`DESCRIPTION:${'a'.repeat(200)}`);
  });
});
