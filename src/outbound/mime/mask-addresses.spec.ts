import { HIDDEN_ADDRESS_TEXT as H, maskAddresses } from './mask-addresses';

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
});
