/**
 * Inputs for bench/stall-fuzz.ts: the named hostile bodies, then random emails from a small
 * grammar of what reply extraction reacts to, then a few as large as an email may be.
 */
import { hostileBodies } from '../test/support/hostile-bodies';
import { seededRandom } from '../test/support/seeded-random';
import { rawEmail } from '../test/support/stall';

export interface HostileInput {
  shape: string;
  raw: Buffer;
  sentTexts: string[];
  /** Near the size limit: reported apart. */
  large: boolean;
}

const FRAGMENTS: Record<string, string[]> = {
  attribution: [
    'On',
    'Am',
    'Le',
    'W dniu',
    'On Tue, 1 Mar 2011,',
    ' 10:20 ',
    '2024-06-03',
    '13.12.2017',
    'Ann <ann@example.org>',
    'ann@example.org',
    'wrote:',
    'wrote',
    'schrieb:',
    'a écrit :',
    '写道：',
    '[ann@example.org](mailto:ann@example.org)',
    '&lt;a@b.c&gt;',
    ':',
  ],
  quote: ['>', '> ', '>>', '> > ', '|', '| ', 'JD> ', '&gt;'],
  space: [' ', '  ', '\t', '\u00a0', '\u200b', '\u202f', '\u3000', '\u200f'],
  separator: [
    '-- ',
    '--',
    '____',
    '-----Original Message-----',
    '---------- Forwarded message ---------',
    '----- Message -----',
    '=====',
    '*From:* ',
    'From: ',
    'Sent: ',
    'To: ',
    'Subject: ',
    'Von: ',
    'De : ',
    'Sent from my iPhone',
    'Get Outlook for iOS',
  ],
  word: [
    'hello',
    'see',
    'you',
    'Monday',
    'thanks',
    'a',
    'é',
    'مرحبا',
    '你好',
    '@',
    '.',
    '[',
    ']',
    '(',
    ')',
    '<',
    '>',
  ],
  html: [
    '<div>',
    '</div>',
    '<p>',
    '</p>',
    '<br>',
    '<blockquote type="cite">',
    '</blockquote>',
    '<div class="gmail_quote">',
    '<div class="gmail_attr">',
    '<div style="border:none;border-top:solid #E1E1E1 1.0pt">',
    '<div id="appendonsend">',
    '<span>',
    '<table><tr><td>',
    '</td></tr></table>',
    '<pre>',
    '</pre>',
    '<a href="mailto:a@b.c">',
  ],
};
const RUN_CHARS = [
  ' ',
  '\t',
  '>',
  '-',
  '_',
  '=',
  '*',
  '@',
  '.',
  '[',
  '<',
  'a',
  '1',
  '\u00a0',
  '|',
  ':',
  '\n',
  '\n>',
];
const KINDS = Object.keys(FRAGMENTS);

/** A size between 100 bytes and `max`, evenly spread on a log scale. */
function size(rand: () => number, max: number): number {
  return Math.floor(Math.exp(Math.log(100) + rand() * (Math.log(max) - Math.log(100))));
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

/** Random fragments, newlines among them; for HTML the fragments include tags. */
function grammarBody(rand: () => number, target: number, html: boolean): string {
  const parts: string[] = [];
  let length = 0;
  while (length < target) {
    const kind = html
      ? pick(rand, [...KINDS, 'html', 'html'])
      : pick(
          rand,
          KINDS.filter((k) => k !== 'html'),
        );
    let part = pick(rand, FRAGMENTS[kind]);
    if (rand() < 0.05) part = pick(rand, RUN_CHARS).repeat(size(rand, Math.max(101, target - length)));
    if (rand() < 0.2) part += html ? '<br>\n' : '\n';
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

/** Two fragments around a long run of one character: the shape that stalled the service. */
function runBody(rand: () => number, target: number): { shape: string; body: string } {
  const ch = pick(rand, RUN_CHARS);
  const before = pick(rand, [...FRAGMENTS.attribution, ...FRAGMENTS.separator, ...FRAGMENTS.quote]);
  const after = pick(rand, [...FRAGMENTS.attribution, ...FRAGMENTS.word, 'x']);
  return { shape: `run of ${JSON.stringify(ch)}`, body: before + ch.repeat(Math.max(1, target)) + after };
}

function largeBodies(maxBytes: number): { shape: string; body: string; type: 'plain' | 'html' }[] {
  // Room for the headers: the whole email stays within the limit.
  const n = maxBytes - 1024;
  const line = 'Thanks for the note, I will read the chapter on goals and come back with questions.\n';
  const lines = line.repeat(Math.floor(n / line.length));
  return [
    { shape: 'large: "On" + spaces + "wrote"', body: `On${' '.repeat(n - 7)}wrote`, type: 'plain' },
    { shape: 'large: plain lines', body: lines, type: 'plain' },
    {
      shape: 'large: quoted lines',
      body: `Yes.\n\n${lines.replace(/^/gm, '> ').slice(0, n - 8)}`,
      type: 'plain',
    },
    { shape: 'large: one line of words', body: 'word '.repeat(Math.floor(n / 5)), type: 'plain' },
    {
      shape: 'large: HTML paragraphs',
      // Tags make the body longer than its text: cut to the limit after adding them.
      body: `<p>${lines.replace(/\n/g, '</p><p>')}`.slice(0, n),
      type: 'html',
    },
  ];
}

export function* hostileInputs(options: {
  count: number;
  seed: number;
  maxBytes: number;
}): Generator<HostileInput> {
  let n = 0;
  for (const b of hostileBodies()) {
    const sentTexts = b.sentTexts ?? [];
    const type = b.html ? 'html' : 'plain';
    yield {
      shape: `named: ${b.name}`,
      raw: rawEmail(b.html ?? b.text ?? '', type, n++),
      sentTexts,
      large: false,
    };
  }
  const rand = seededRandom(options.seed);
  for (let i = 0; i < options.count; i++) {
    const target = size(rand, 256 * 1024);
    const roll = rand();
    // A sent text drawn from the same grammar exercises the removal of our own words.
    const sentTexts = rand() < 0.3 ? [grammarBody(rand, size(rand, 2000), false)] : [];
    if (roll < 0.35) {
      const { shape, body } = runBody(rand, target);
      yield { shape, raw: rawEmail(body, 'plain', n++), sentTexts, large: false };
    } else if (roll < 0.7) {
      yield {
        shape: 'grammar text',
        raw: rawEmail(grammarBody(rand, target, false), 'plain', n++),
        sentTexts,
        large: false,
      };
    } else {
      yield {
        shape: 'grammar HTML',
        raw: rawEmail(grammarBody(rand, target, true), 'html', n++),
        sentTexts,
        large: false,
      };
    }
  }
  for (const { shape, body, type } of largeBodies(options.maxBytes)) {
    yield { shape, raw: rawEmail(body, type, n++), sentTexts: [], large: true };
  }
}
