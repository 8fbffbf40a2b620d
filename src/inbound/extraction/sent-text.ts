import { attributionAt } from './attribution';
import { headerBlockAt } from './outlook-headers';
import { unquote } from './quote-lines';
import { isBlank, normalizeNewlines, stripFormatChars } from './text-utils';

/**
 * Removing the emails we sent. We know their exact text, so we find its quoted copy in the
 * reply whatever the language, quoting (">"), re-wrapping or whitespace, by comparing word
 * sequences rather than lines, and remove it with the attribution line just above it.
 */

interface Token {
  word: string;
  line: number;
}

/** Words compared loosely: case, punctuation at the ends and quote markers do not matter. */
function words(text: string): string[] {
  return stripFormatChars(text)
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|(?<![^\p{L}\p{N}])[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
}

function tokenize(lines: string[]): Token[] {
  const out: Token[] = [];
  lines.forEach((line, i) => {
    for (const word of words(unquote(line))) out.push({ word, line: i });
  });
  return out;
}

/** Words that may be skipped on either side while aligning (link annotations, wrapping). */
const MAX_SKIP = 4;
const MIN_MATCH_SHARE = 0.8;
const ANCHOR = 4;

/** The [first, last] line range holding `needle`, or null. */
function findCopy(tokens: Token[], needle: string[]): [number, number] | null {
  const anchor = Math.min(ANCHOR, needle.length);
  for (let s = 0; s + anchor <= tokens.length; s++) {
    let ok = true;
    for (let k = 0; k < anchor && ok; k++) ok = tokens[s + k].word === needle[k];
    if (!ok) continue;
    let t = s;
    let n = 0;
    let matched = 0;
    let last = s;
    while (t < tokens.length && n < needle.length) {
      if (tokens[t].word === needle[n]) {
        matched++;
        last = t;
        t++;
        n++;
        continue;
      }
      const skipT = tokens.slice(t, t + MAX_SKIP + 1).findIndex((x) => x.word === needle[n]);
      const skipN = needle.slice(n, n + MAX_SKIP + 1).indexOf(tokens[t].word);
      if (skipT > 0 && (skipN < 0 || skipT <= skipN)) t += skipT;
      else if (skipN > 0) n += skipN;
      else {
        t++;
        n++;
      }
    }
    if (matched / needle.length >= MIN_MATCH_SHARE) return [tokens[s].line, tokens[last].line];
  }
  return null;
}

/** An attribution or header block ending right above `line` (blank lines allowed). */
function attributionAbove(lines: string[], line: number): number {
  let i = line - 1;
  while (i >= 0 && (isBlank(lines[i]) || /^\s*>\s*$/.test(lines[i]))) i--;
  for (let start = Math.max(0, i - 7); start <= i; start++) {
    const size = attributionAt(lines, start);
    if (size && start + size - 1 >= i - 0) return start;
    if (headerBlockAt(lines, start)) return start;
  }
  // Any language: a short line ending with a colon right above our text introduces it.
  if (i >= 0 && /[:：]\s*$/.test(unquote(lines[i])) && lines[i].length < 200) return i;
  return line;
}

export function removeSentTexts(body: string, sentTexts: string[]): { body: string; removed: string } {
  let lines = normalizeNewlines(body).split('\n');
  const removed: string[] = [];
  for (const sent of sentTexts) {
    const needle = words(sent);
    if (needle.length === 0) continue;
    const range = findCopy(tokenize(lines), needle);
    if (!range) continue;
    const from = attributionAbove(lines, range[0]);
    removed.push(...lines.slice(from, range[1] + 1));
    lines = [...lines.slice(0, from), ...lines.slice(range[1] + 1)];
  }
  return { body: lines.join('\n'), removed: removed.join('\n').trim() };
}
