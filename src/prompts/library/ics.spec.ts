import { escapeText, foldLine, utcStamp } from './ics';

describe('RFC 5545 text', () => {
  it('writes UTC stamps in the basic form', () => {
    expect(utcStamp(new Date('2026-03-02T09:30:05.123Z'))).toBe('20260302T093005Z');
  });

  it('escapes backslash, semicolon, comma and line breaks, and drops control characters', () => {
    expect(escapeText('a\\b;c,d\r\ne\u0007')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('folds long lines at 75 octets without splitting a UTF-8 character', () => {
    const folded = foldLine(`DESCRIPTION:${'Café ☕ chat about goals, '.repeat(12)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(`DESCRIPTION:${'Café ☕ chat about goals, '.repeat(12)}`);
    expect(folded).not.toContain('\uFFFD');
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
