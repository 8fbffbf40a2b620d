import { baseSubject, normalizeSubject } from './subject';

describe('normalizeSubject', () => {
  it.each([
    ['Re: Hello', 'hello'],
    ['RE: re: Fwd: Hello  there', 'hello there'],
    ['AW: WG: Termin', 'termin'],
    ['SV: Möte', 'möte'],
    ['Re[2]: Plan', 'plan'],
    ['[Bright Futures] Re: Week 3', 'week 3'],
    ['回复：你好', '你好'],
    ['Ynt: Merhaba', 'merhaba'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeSubject(input)).toBe(expected);
  });

  it('keeps words that merely start like a prefix', () => {
    expect(normalizeSubject('Research plan')).toBe('research plan');
    expect(normalizeSubject('Reunion: Friday')).toBe('reunion: friday');
  });

  it('gives a readable base subject', () => {
    expect(baseSubject('Re: Re: Our first chat')).toBe('Our first chat');
    expect(baseSubject('')).toBe('(no subject)');
  });
});
