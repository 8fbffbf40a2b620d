import { attributionAt } from './attribution';
import { headerBlockAt } from './outlook-headers';
import { linesWithin, MAX_SENT_SEARCH_CHARS } from './limits';
import { isQuotedLine, unquote } from './quote-lines';
import { isBlank, normalizeNewlines, stripFormatChars } from './text-utils';

/**
 * Removing the emails we sent. We know their exact text, so we find its quoted copy in the
 * reply whatever the language, quoting (">"), re-wrapping or whitespace, by comparing word
 * sequences rather than lines, and remove it with the attribution line just above it. Only a
 * quoted copy, or whole paragraphs of our text under an attribution, go: never the person's words.
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
/**
 * Places where the opening words of our text recur that are tried before giving up: a real copy
 * is among the first few, and a body repeating those words thousands of times stays cheap.
 */
const MAX_CANDIDATES = 50;

interface Copy {
  /** Token indexes of the first and last matched word. */
  first: number;
  last: number;
  matched: number;
}

/** Index in `list` (from `from`, at most MAX_SKIP ahead) of `word`, or -1. */
function aheadIndex(list: readonly string[], from: number, word: string): number {
  for (let k = 0; k <= MAX_SKIP && from + k < list.length; k++) if (list[from + k] === word) return k;
  return -1;
}

/** Aligns `needle` against the tokens from `s`, skipping a few words on either side. */
function alignAt(seq: readonly string[], s: number, needle: readonly string[]): Copy | null {
  const allowedMisses = needle.length * (1 - MIN_MATCH_SHARE);
  let t = s;
  let n = 0;
  let matched = 0;
  let last = s;
  while (t < seq.length && n < needle.length) {
    if (n - matched > allowedMisses) return null;
    if (seq[t] === needle[n]) {
      matched++;
      last = t;
      t++;
      n++;
      continue;
    }
    const skipT = aheadIndex(seq, t, needle[n]);
    const skipN = aheadIndex(needle, n, seq[t]);
    if (skipT > 0 && (skipN < 0 || skipT <= skipN)) t += skipT;
    else if (skipN > 0) n += skipN;
    else {
      t++;
      n++;
    }
  }
  return matched / needle.length >= MIN_MATCH_SHARE ? { first: s, last, matched } : null;
}

/** Copies of `needle` in reading order (at most MAX_CANDIDATES starts are tried). */
function* copiesOf(tokens: Token[], needle: string[]): Generator<Copy> {
  const seq = tokens.map((t) => t.word);
  const anchor = Math.min(ANCHOR, needle.length);
  let tried = 0;
  for (let s = 0; s + anchor <= seq.length && tried < MAX_CANDIDATES; s++) {
    let ok = true;
    for (let k = 0; k < anchor && ok; k++) ok = seq[s + k] === needle[k];
    if (!ok) continue;
    tried++;
    const copy = alignAt(seq, s, needle);
    if (copy) yield copy;
  }
}

/**
 * Whether the lines holding a copy may go. A ">"-quoted copy always may; one with unquoted lines
 * among its quoted ones holds inline answers, left to the line rules. A wholly unquoted copy only
 * when an attribution or header block introduces it (how clients that do not quote leave our
 * text) and it is whole paragraphs of our text: "See you Monday then, and I will bring my CV"
 * under our "See you Monday", or an answer that opens by repeating the question, is the
 * person's own paragraph and stays (issue #11).
 */
function removable(lines: string[], tokens: Token[], copy: Copy, from: number): boolean {
  const firstLine = tokens[copy.first].line;
  const lastLine = tokens[copy.last].line;
  const written = lines.slice(firstLine, lastLine + 1).filter((l) => !isBlank(l));
  const quoted = written.filter(isQuotedLine).length;
  if (quoted === written.length) return true;
  if (quoted > 0 || from === firstLine) return false;
  let wordsOnLines = 0;
  for (const t of tokens) if (t.line >= firstLine && t.line <= lastLine) wordsOnLines++;
  // Link annotations and re-wrapping add a few words to an unquoted copy; new sentences add more.
  const extra = wordsOnLines - copy.matched;
  if (extra > Math.max(2, Math.floor(copy.matched * (1 - MIN_MATCH_SHARE)))) return false;
  const next = lines[lastLine + 1];
  return next === undefined || isBlank(next) || isQuotedLine(next);
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
  if (i >= 0 && lines[i].length < 200 && /[:：]\s*$/.test(unquote(lines[i]))) return i;
  return line;
}

export function removeSentTexts(body: string, sentTexts: string[]): { body: string; removed: string } {
  let lines = normalizeNewlines(body).split('\n');
  const removed: string[] = [];
  for (const sent of sentTexts) {
    const needle = words(sent);
    if (needle.length === 0) continue;
    // Our text sits near the top of a reply; lines past the bound are never searched (issue #11).
    const tokens = tokenize(lines.slice(0, linesWithin(lines, MAX_SENT_SEARCH_CHARS)));
    for (const copy of copiesOf(tokens, needle)) {
      const from = attributionAbove(lines, tokens[copy.first].line);
      if (!removable(lines, tokens, copy, from)) continue;
      const to = tokens[copy.last].line;
      removed.push(lines.slice(from, to + 1).join('\n'));
      lines = lines.slice(0, from).concat(lines.slice(to + 1));
      break;
    }
  }
  return { body: lines.join('\n'), removed: removed.join('\n').trim() };
}
