import { attributionAt } from './attribution';
import { isHeuristicLine, linesWithin, MAX_HEURISTIC_TEXT_CHARS } from './limits';
import { headerBlockAt, separatorAt } from './outlook-headers';
import { isQuotedLine, wrappedContinuations } from './quote-lines';
import { isClientFooter, isSignatureDelimiter } from './signatures';
import { isBlank, normalizeNewlines, tidy, trimBlankLines } from './text-utils';
import type { TextExtraction } from './types';

/**
 * The line rules for a plain-text body:
 * 1. history that is not `>`-quoted (an attribution followed by plain text, an Outlook header
 *    block, an "Original Message" or forward separator) ends the new text: everything below goes;
 * 2. `>`-quoted lines and the attributions that introduce them are removed; the person's own
 *    blocks between them are kept (inline replies), joined by one blank line;
 * 3. a signature delimiter or client footer ends what is left.
 */

type LineKind = 'text' | 'blank' | 'quote' | 'attr';

/** Rules for lines that are only decoration left above a cut ("-----", "=====", "____"). */
const RULE_LINE_RE = /^\s*[-=_*~—–]{3,}\s*$/;

function isRule(line: string): boolean {
  return isHeuristicLine(line) && RULE_LINE_RE.test(line);
}

function followedByQuote(lines: string[], from: number): boolean {
  for (let i = from; i < lines.length; i++) {
    if (isBlank(lines[i])) continue;
    return isQuotedLine(lines[i]);
  }
  return true;
}

interface Labelled {
  kinds: LineKind[];
  /** Index of the first line of unquoted history, or lines.length. */
  historyStart: number;
}

function label(lines: string[]): Labelled {
  const quoted = lines.map(isQuotedLine);
  const continuation = wrappedContinuations(lines, quoted);
  const kinds: LineKind[] = [];
  // Past the bound only the exact ">" marker applies: the rest is kept as written (issue #11).
  const heuristicLines = linesWithin(lines, MAX_HEURISTIC_TEXT_CHARS);
  for (let i = 0; i < lines.length; i++) {
    if (quoted[i] || continuation.has(i)) {
      kinds.push('quote');
      continue;
    }
    if (isBlank(lines[i])) {
      kinds.push('blank');
      continue;
    }
    if (i >= heuristicLines) {
      kinds.push('text');
      continue;
    }
    if (headerBlockAt(lines, i) || separatorAt(lines, i)) return { kinds, historyStart: i };
    const size = attributionAt(lines, i);
    if (size > 0) {
      if (!followedByQuote(lines, i + size)) return { kinds, historyStart: i };
      for (let k = 0; k < size; k++) kinds.push('attr');
      i += size - 1;
      continue;
    }
    kinds.push('text');
  }
  return { kinds, historyStart: lines.length };
}

/** Splits the kept region into the person's blocks (runs of lines between quotes). */
function blocksOf(lines: string[], kinds: LineKind[], end: number): string[][] {
  const blocks: string[][] = [];
  let start = 0;
  // Only runs with a written line become blocks: a run of quotes makes no empty arrays.
  const close = (to: number) => {
    const block = trimBlankLines(lines.slice(start, to));
    if (block.length > 0) blocks.push(block);
  };
  for (let i = 0; i < end; i++) {
    if (kinds[i] !== 'quote' && kinds[i] !== 'attr') continue;
    if (i > start) close(i);
    start = i + 1;
  }
  if (end > start) close(end);
  return blocks;
}

/** Cuts at the first signature delimiter or client footer; returns kept and cut lines. */
function cutSignature(lines: string[]): { kept: string[]; cut: string[] } {
  const searched = linesWithin(lines, MAX_HEURISTIC_TEXT_CHARS);
  const at = lines.findIndex((l, i) => i < searched && (isSignatureDelimiter(l) || isClientFooter(l)));
  if (at < 0) return { kept: lines, cut: [] };
  return { kept: lines.slice(0, at), cut: lines.slice(at) };
}

function dropTrailingRules(lines: string[]): string[] {
  const out = trimBlankLines(lines);
  while (out.length && (isRule(out[out.length - 1]) || isBlank(out[out.length - 1]))) {
    out.pop();
  }
  return out;
}

function hasText(kinds: LineKind[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (kinds[i] === 'text') return true;
  return false;
}

export function extractFromText(text: string): TextExtraction {
  const lines = normalizeNewlines(text).split('\n');
  const { kinds, historyStart } = label(lines);
  const firstQuote = kinds.findIndex((k) => k === 'quote' || k === 'attr');
  let end = historyStart;
  if (firstQuote >= 0 && historyStart < lines.length) {
    const before = hasText(kinds, 0, firstQuote);
    const between = hasText(kinds, firstQuote, historyStart);
    // Top-posted text above a quote, then more unquoted text, then unquoted history: the
    // middle is history whose quoting the client lost, not an inline answer.
    if (before && between) end = firstQuote;
  }
  const blocks = blocksOf(lines, kinds, end);
  const joined = blocks.length > 1 ? blocks.flatMap((b, i) => (i ? ['', ...b] : b)) : (blocks[0] ?? []);
  const { kept, cut } = cutSignature(joined);
  const replyLines = dropTrailingRules(kept);

  const quotedLines: string[] = [];
  for (let i = 0; i < end; i++) if (kinds[i] === 'quote' || kinds[i] === 'attr') quotedLines.push(lines[i]);
  // concat, not push(...): a spread of a few hundred thousand lines overflows the call stack.
  const removed = quotedLines.concat(cut, lines.slice(end));
  const reply = tidy(replyLines.join('\n'));
  return {
    reply,
    quoted: tidy(trimBlankLines(removed).join('\n')),
    foundMarker: firstQuote >= 0 || end < lines.length || cut.length > 0,
    unsigned: cut.length === 0 ? reply : tidy(dropTrailingRules(joined).join('\n')),
  };
}
