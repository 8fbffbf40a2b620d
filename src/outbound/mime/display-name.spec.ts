import { MAX_DISPLAY_NAME_LENGTH, sanitizeDisplayName, viaDisplayName } from './display-name';

const cp = (s: string): number => Array.from(s).length;

describe('sanitizeDisplayName', () => {
  it.each([
    ['quotes and backslash', 'Ann "The Mentor" \\ Smith', 'Ann The Mentor Smith'],
    ['angle brackets and @', 'ann@real.com <ann@real.com>', 'annreal.com annreal.com'],
    ['full-width look-alikes', 'ann＠real.com ＜x＞', 'annreal.com x'],
    ['control characters', 'Ann\r\nBcc: x\tY\u0000', 'Ann Bcc: x Y'],
    ['bidi overrides', 'Ann \u202Emoc.evil\u202C Smith', 'Ann moc.evil Smith'],
    ['zero-width and BOM inside a word', 'A\u200Bn\u200Dn\uFEFF \u2066Lee\u2069', 'Ann Lee'],
    ['a soft hyphen, a word joiner and Arabic letter mark', 'An\u00ADn\u061C L\u2060ee', 'Ann Lee'],
    ['whitespace runs', '  Ann   \u00A0 Lee  ', 'Ann Lee'],
    ['apostrophes are kept', "Siobhán O'Brien", "Siobhán O'Brien"],
  ])('strips %s', (_, input, expected) => {
    expect(sanitizeDisplayName(input)).toBe(expected);
  });

  it('cuts to 64 code points on a grapheme boundary with an ellipsis', () => {
    const flag = '🇩🇪'; // 2 code points, one grapheme: a code-point cut would leave half a flag
    const out = sanitizeDisplayName('A'.repeat(62) + flag + 'tail');
    expect(out).toBe('A'.repeat(62) + '…');
    expect(sanitizeDisplayName('A'.repeat(61) + flag + 'tail')).toBe('A'.repeat(61) + flag + '…');
    const long = sanitizeDisplayName('Ö'.repeat(100));
    expect(cp(long)).toBe(MAX_DISPLAY_NAME_LENGTH);
  });

  it('is idempotent, so buildMime can sanitise a composed name again', () => {
    const once = sanitizeDisplayName('Ö'.repeat(100) + ' ann@x');
    expect(sanitizeDisplayName(once)).toBe(once);
  });

  it('leaves a 64-code-point name alone', () => {
    const name = 'é'.repeat(64);
    expect(sanitizeDisplayName(name)).toBe(name);
  });
});

describe('viaDisplayName', () => {
  it('joins author and programme', () => {
    expect(viaDisplayName('Ann Lee', 'Bright Futures')).toBe('Ann Lee via Bright Futures');
  });

  it('shortens the author first so " via <programme>" survives', () => {
    const out = viaDisplayName(
      'Maximiliane Alexandra von Hohenzollern-Sigmaringen',
      'Bright Futures Mentoring',
    );
    expect(cp(out)).toBeLessThanOrEqual(64);
    expect(out.endsWith(' via Bright Futures Mentoring')).toBe(true);
    expect(out.startsWith('Maximiliane Alexandra')).toBe(true);
    expect(out).toContain('…');
  });

  it('shortens the programme only when even a short author name would not fit', () => {
    const out = viaDisplayName('Ann Lee', 'P'.repeat(80));
    expect(cp(out)).toBeLessThanOrEqual(64);
    expect(out.startsWith('Ann Lee via PPP')).toBe(true);
  });

  it('sanitises both parts and removes any address', () => {
    const out = viaDisplayName('"ann@real.com" <ann@real.com>', 'Bright\u202E Futures');
    expect(out).not.toMatch(/[@<>"\u202E]/);
    expect(out.endsWith(' via Bright Futures')).toBe(true);
  });

  it('falls back to the programme alone when the author name is empty', () => {
    expect(viaDisplayName(' \u200B ', 'Bright Futures')).toBe('Bright Futures');
  });
});
