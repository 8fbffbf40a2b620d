// Reading a mentee's pick and a mentor's answer from the new text of a reply (quotes removed).

export type MenteeReply = { kind: 'pick'; number: number } | { kind: 'more' } | null;
export type MentorReply = 'yes' | 'no' | null;

const ORDINALS: Record<string, number> = {
  one: 1,
  first: 1,
  '1st': 1,
  two: 2,
  second: 2,
  '2nd': 2,
  three: 3,
  third: 3,
  '3rd': 3,
};

/** The reply's first line that has any letters or digits, lower-cased, trimmed. */
function firstLine(text: string): string {
  const line = text.split(/\r?\n/).find((l) => /[\p{L}\p{N}]/u.test(l)) ?? '';
  return line.trim().toLowerCase();
}

/**
 * "2", "2.", "#2", "number 2", "the second", "option two", "Priya" (a name from the list), or
 * "more" / "more please" / "others". Only the first line counts, and only when it says one thing:
 * "1 or 2?" is not a choice.
 */
export function parseMenteeReply(text: string, names: readonly string[]): MenteeReply {
  const line = firstLine(text);
  if (!line) return null;
  if (/^(more|others|other ones|three others|show me more|more please|some others)\b/.test(line)) {
    return { kind: 'more' };
  }
  const words = line
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ');
  const filler = new Set([
    'number',
    'no',
    'option',
    'the',
    'please',
    'i',
    'choose',
    'pick',
    'one',
    'mentor',
    'd',
    'like',
  ]);
  const numbers = new Set<number>();
  for (const word of words) {
    if (/^[1-3]$/.test(word)) numbers.add(Number(word));
    else if (ORDINALS[word] && word !== 'one') numbers.add(ORDINALS[word]);
  }
  // "one" alone is a number; in "number one" or "the first one" it is filler or a number too.
  if (numbers.size === 0 && words.includes('one') && words.every((w) => filler.has(w))) numbers.add(1);
  const named = names
    .map((name, i) => ({ i: i + 1, word: name.trim().toLowerCase() }))
    .filter((n) => n.word && words.includes(n.word.split(/\s+/)[0]));
  for (const n of named) numbers.add(n.i);
  if (numbers.size !== 1) return null;
  const [number] = [...numbers];
  // Long sentences that happen to hold a digit ("I am 2 years into nursing") are not a pick.
  if (words.length > 8 && named.length === 0) return null;
  return { kind: 'pick', number };
}

const YES =
  /^(yes|yep|yeah|yup|sure|ok|okay|of course|happy to|gladly|absolutely|definitely|certainly|count me in|i accept|i'?d (love|be happy|be glad) to|i would (love|be happy|be glad) to|with pleasure)\b/;
const NO =
  /^(no|nope|sorry|unfortunately|i can'?t|i cannot|i'?m (afraid|sorry)|i am (afraid|sorry)|not (now|this time|right now|at the moment)|i have to decline|i must decline|decline)\b/;

/** "Yes, happy to!", "ok", "Sorry, I can't right now": the first line's opening words decide. */
export function parseMentorReply(text: string): MentorReply {
  const line = firstLine(text).replace(/^[^\p{L}]+/u, '');
  if (YES.test(line)) return 'yes';
  if (NO.test(line)) return 'no';
  return null;
}
