import { parseMenteeReply, parseMentorReply } from './parse-choice';

describe('reading a mentee’s pick', () => {
  const names = ['Jordan', 'Priya', 'Sam'];
  it.each([
    ['2', 2],
    ['2.', 2],
    ['#3', 3],
    ['number 2', 2],
    ['Number two please', 2],
    ['the second', 2],
    ['The first one', 1],
    ['one', 1],
    ['Option 3!', 3],
    ['Priya', 2],
    ['I would like Sam please', 3],
    ['2\n\nThanks so much for this!', 2],
  ])('reads %j as %d', (text, number) => {
    expect(parseMenteeReply(text, names)).toEqual({ kind: 'pick', number });
  });

  it.each(['more', 'More please', 'others?', 'Show me more'])('reads %j as more', (text) => {
    expect(parseMenteeReply(text, names)).toEqual({ kind: 'more' });
  });

  it.each([
    '1 or 2?',
    'Jordan or Sam',
    '4',
    'hello',
    '',
    'I have been a nurse for 2 years and would like help with',
  ])('does not read %j', (text) => {
    expect(parseMenteeReply(text, names)).toBeNull();
  });
});

describe('reading a mentor’s answer', () => {
  it.each(['Yes, happy to!', 'yes', 'Sure', 'OK', "I'd love to", 'Happy to help', 'Absolutely.'])(
    'reads %j as yes',
    (text) => expect(parseMentorReply(text)).toBe('yes'),
  );
  it.each([
    'No',
    'no, sorry',
    "Sorry, I can't right now",
    'Unfortunately not',
    "I'm afraid not",
    'Not this time',
  ])('reads %j as no', (text) => expect(parseMentorReply(text)).toBe('no'));
  it.each(['maybe', 'Who is this?', ''])('does not read %j', (text) =>
    expect(parseMentorReply(text)).toBeNull(),
  );
});
