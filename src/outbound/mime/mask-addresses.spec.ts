import { BOUNDED_CEILING_MS, cpuTimed } from '../../../test/support/bounded';
import { addressRanges, HIDDEN_ADDRESS_TEXT as H, maskAddresses } from './mask-addresses';

const mask = { ourDomain: 'relay.localhost' };

describe('maskAddresses', () => {
  it.each([
    ['a quote header', 'On Tue, Ann <ann@real.com> wrote:', `On Tue, Ann <${H}> wrote:`],
    ['any letter case, at the end of a sentence', 'write to ANN@Real.COM.', `write to ${H}.`],
    [
      'a mailto: link',
      '<a href="mailto:ann@real.com?subject=hi">x</a>',
      `<a href="mailto:${H}?subject=hi">x</a>`,
    ],
    ['a URL-encoded mailto', 'mailto:ann%40real.com', `mailto:${H}`],
    ['percent-encoded "@" and "."', 'maria%40mentor%2Eexample', H],
    ['a doubly encoded "@"', 'mailto:maria%2540mentor.example', `mailto:${H}`],
    ['a plus tag', 'maria+x@mentor.example', H],
    ['HTML-escaped brackets', '&lt;ann@real.com&gt;', `&lt;${H}&gt;`],
    ['HTML entities for @', 'ann&#64;real.com ann&#x40;real.com ann&commat;real.com', `${H} ${H} ${H}`],
    ['the full-width at sign', 'maria\uFF20mentor.example', H],
    ['anti-scraper spellings', 'maria (at) mentor [dot] example', H],
    ['a quoted local part', '"maria x"@mentor.example', H],
    [
      'an address in a query string',
      'https://x.example/p?email=maria@mentor.example&x=1',
      `https://x.example/p?email=${H}&x=1`,
    ],
    ['a sub-domain of ours (only our own domain is ours)', 'x@sub.relay.localhost', H],
    ['a longer domain, whole', 'ann@real.com.evil.example end.', `${H} end.`],
  ])('hides %s', (_, input, expected) => {
    expect(maskAddresses(input, mask)).toBe(expected);
  });

  it.each([
    ['our relay and notices addresses', 'write to m-abc@relay.localhost or notices@relay.localhost'],
    ['a handle in a URL path', 'https://medium.com/@user/post'],
    ['coordinates in a map URL', 'https://maps.example/@48.85,2.35,15z'],
    ['an "@" between words', 'meet @ 5pm'],
    ['prose that only looks like a domain', 'look at github.com'],
  ])('leaves %s alone', (_, input) => {
    expect(maskAddresses(input, mask)).toBe(input);
  });

  it('treats a participant address exactly like any other address (no guessing oracle)', () => {
    const member = 'maria@mentor.example';
    const guesses = ['maria@mentor.example', 'maria@mentor.example.org', 'mario@mentor.example'];
    const out = guesses.map((g) => maskAddresses(`Subject: is it ${g}?`, mask));
    expect(new Set(out).size).toBe(1);
    expect(out[0]).not.toContain(member);
  });

  it('uses the replacement it is given', () => {
    expect(maskAddresses('maria@mentor.example notes.pdf', { ...mask, replacement: 'x' })).toBe(
      'x notes.pdf',
    );
  });

  // What the reader's client shows, not what was written: a mail client decodes a mailto: link
  // (RFC 6068), HTML shows character references, fonts show compatibility forms as ASCII and
  // invisible characters as nothing.
  it.each([
    ['a percent-encoded letter in a mailto: link', 'mailto:ann@exam%70le.org', `mailto:${H}`],
    [
      'percent-encoded letters in a query string',
      'https://x.example/?to=%61nn@exam%70le.org&a=1',
      `https://x.example/?to=${H}&a=1`,
    ],
    ['a percent-encoded UTF-8 small commercial at', 'mailto:ann%EF%B9%ABexample.org', `mailto:${H}`],
    [
      'a character reference for a letter',
      'ann@exa&#109;ple.org and ann&#x40;exa&#X6D;ple.org',
      `${H} and ${H}`,
    ],
    ['a zero-width space', 'write to ann@exa\u200Bmple.org today', `write to ${H} today`],
    ['a soft hyphen, as a character and as &shy;', 'ann@exa\u00ADmple.org ann@exa&shy;mple.org', `${H} ${H}`],
    [
      'a word joiner and a byte-order mark',
      'an\u2060n@example.org \uFEFFann@exam\uFEFFple.org',
      `${H} \uFEFF${H}`,
    ],
    ['the small commercial at', 'ann\uFE6Bexample.org', H],
    ['full-width letters', '\uFF41\uFF4E\uFF4E\uFF20\uFF45\uFF58\uFF41\uFF4D\uFF50\uFF4C\uFF45.org', H],
    [
      'a local part after more than 64 underscores',
      `Email:${'_'.repeat(61)}ann.lee@gmail.com`,
      `Email:${'_'.repeat(61)}${H}`,
    ],
    ['an address after a line of 70 dashes', `${'-'.repeat(70)}ann@gmail.com`, `${'-'.repeat(70)}${H}`],
    // Escapes the viewer of a text attachment decodes: JSON, and RTF as Word shows it.
    ['a JSON escape for the at sign', 'ann\\u0040example.org', H],
    ['an RTF hex escape for the at sign', "ann\\'40example.org", H],
    ['an RTF unicode escape for the at sign', 'ann\\u64?example.org', H],
    ['a plus tag longer than 64 characters', `ann+${'x'.repeat(61)}@gmail.com`, H],
    ['a local part of only underscores', `${'_'.repeat(70)}@gmail.com`, H],
  ])('hides %s', (_, input, expected) => {
    expect(maskAddresses(input, mask)).toBe(expected);
  });

  it('removes the bidi controls that could show letters in another order than written', () => {
    // "gro.elpmaxe@nna" inside a right-to-left override renders as "ann@example.org".
    expect(maskAddresses('mail \u202Egro.elpmaxe@nna\u202C now', mask)).toBe('mail gro.elpmaxe@nna now');
    expect(maskAddresses('&#x202E;gro.elpmaxe@nna&#8236;', mask)).toBe('gro.elpmaxe@nna');
    // Marks reorder no letter and place Hebrew and Arabic punctuation: they stay.
    expect(maskAddresses('\u05E9\u05DC\u05D5\u05DD!\u200F (\u05D3\u05E0\u05D4)\u200F', mask)).toBe(
      '\u05E9\u05DC\u05D5\u05DD!\u200F (\u05D3\u05E0\u05D4)\u200F',
    );
    // Other invisible characters stay where they hide nothing (emoji and Persian need joiners).
    expect(maskAddresses('👩\u200D💻 \u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645', mask)).toBe(
      '👩\u200D💻 \u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645',
    );
  });

  it('gives ranges in the offsets of the text as written', () => {
    const text = 'x ann@exam%70le.org y an\u200Bn@b.example';
    expect(addressRanges(text, mask).map(([s, e]) => text.slice(s, e))).toEqual([
      'ann@exam%70le.org',
      'an\u200Bn@b.example',
    ]);
  });

  it.each([
    ['a long run of letters and an at sign', `${'a'.repeat(1_000_000)}@`],
    ['a long run of underscores', `${'_'.repeat(1_000_000)}x`],
    ['at signs in a long local part', `${'a%40'.repeat(250_000)}`],
    ['percent-escapes and invisible characters', `${'%61\u200B&#97;'.repeat(100_000)}@x`],
    ['full-width text', '\uFF41\uFF20'.repeat(500_000)],
    // An uncapped local-part pattern overflowed V8's backtracking stack on this, and so did an
    // unbounded run of characters beyond ASCII in the reader's view (at 4 million, only sometimes).
    ['a local part of nine million letters', `${'\u4E2D'.repeat(9_000_000)}@x.example`],
  ])('masks %s in bounded time', (_, input) => {
    const { ms } = cpuTimed(() => maskAddresses(input, mask));
    expect(ms).toBeLessThan(BOUNDED_CEILING_MS);
  });
});
