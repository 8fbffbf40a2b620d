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

  it('keeps one forward prefix as written, so a forward is relayed as one', () => {
    expect(baseSubject('Fwd: Fwd: Job offer')).toBe('Fwd: Job offer');
    expect(baseSubject('WG: AW: Angebot')).toBe('WG: Angebot');
    expect(baseSubject('TR : Offre de stage')).toBe('TR: Offre de stage');
    expect(baseSubject('Re: Fwd: Job offer')).toBe('Job offer');
    expect(baseSubject('Information evening')).toBe('Information evening');
    expect(normalizeSubject('Fwd: Job offer')).toBe(normalizeSubject('Re: Job offer'));
  });
});
