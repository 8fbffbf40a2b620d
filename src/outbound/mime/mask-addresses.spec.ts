import { maskAddresses } from './mask-addresses';

const map = new Map([
  ['ann@real.com', 'm-ann@relay.localhost'],
  ['bob.smith+tag@mail.example.org', 'm-bob@relay.localhost'],
]);

describe('maskAddresses', () => {
  it.each([
    ['a quote header', 'On Tue, Ann <ann@real.com> wrote:', 'On Tue, Ann <m-ann@relay.localhost> wrote:'],
    ['any letter case', 'write to ANN@Real.COM.', 'write to m-ann@relay.localhost.'],
    [
      'a mailto: link',
      '<a href="mailto:ann@real.com?subject=hi">x</a>',
      '<a href="mailto:m-ann@relay.localhost?subject=hi">x</a>',
    ],
    ['a URL-encoded mailto', 'mailto:ann%40real.com', 'mailto:m-ann@relay.localhost'],
    ['HTML-escaped brackets', '&lt;ann@real.com&gt;', '&lt;m-ann@relay.localhost&gt;'],
    [
      'HTML entities for @',
      'ann&#64;real.com ann&#x40;real.com ann&commat;real.com',
      'm-ann@relay.localhost m-ann@relay.localhost m-ann@relay.localhost',
    ],
    [
      'regex characters in the address',
      'Bob <bob.smith+tag@mail.example.org>',
      'Bob <m-bob@relay.localhost>',
    ],
    [
      'several occurrences of several people',
      'ann@real.com, bob.smith+tag@mail.example.org, ann@real.com',
      'm-ann@relay.localhost, m-bob@relay.localhost, m-ann@relay.localhost',
    ],
  ])('replaces %s', (_, input, expected) => {
    expect(maskAddresses(input, map)).toBe(expected);
  });

  it.each([
    ['a longer local part', 'joann@real.com'],
    ['a longer domain', 'ann@real.com.evil.example'],
    ['a sub-domain address', 'ann@sub.real.co'],
    ['a lookalike that differs by a dot', 'bobsmith+tag@mail.example.org'],
    ['a different person', 'carol@real.com'],
  ])('leaves %s alone', (_, input) => {
    expect(maskAddresses(input, map)).toBe(input);
  });

  it('returns the text unchanged for an empty map', () => {
    expect(maskAddresses('ann@real.com', new Map())).toBe('ann@real.com');
  });
});
