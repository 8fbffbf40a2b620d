import { attributionAt, attributionNamesMessage, leadInAttributionAt } from './attribution';
import { isHeuristicLine, linesWithin, MAX_HEURISTIC_TEXT_CHARS } from './limits';
import { headerBlockAt, headerBlockEnd, separatorAt } from './outlook-headers';
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

/** Whether the first written line from `from` is quoted; `atEnd` when there is none. */
function followedByQuote(lines: string[], from: number, atEnd = true): boolean {
  for (let i = from; i < lines.length; i++) {
    if (isBlank(lines[i])) continue;
    return isQuotedLine(lines[i]);
  }
  return atEnd;
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
    if (headerBlockAt(lines, i)) {
      // A header block above a ">" quote introduces that quote, as an attribution line does
      // (mailing-list replies); above unquoted text it starts the history.
      const end = headerBlockEnd(lines, i);
      if (!followedByQuote(lines, end, false)) return { kinds, historyStart: i };
      for (let k = i; k < end; k++) kinds.push('attr');
      i = end - 1;
      continue;
    }
    if (separatorAt(lines, i)) return { kinds, historyStart: i };
    if (leadInAttributionAt(lines, i)) {
      kinds.push('attr');
      continue;
    }
    const size = attributionAt(lines, i);
    if (size > 0) {
      if (!followedByQuote(lines, i + size)) {
        // Unquoted history is cut only under an attribution that names its message (a date or an
        // address): "On Monday I wrote to the team:" above the person's own paragraph is prose.
        if (attributionNamesMessage(lines, i, size)) return { kinds, historyStart: i };
        kinds.push('text');
        continue;
      }
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

/** A greeting ("Hi Joe,") or lead-in ("Joe said:") that opens a bottom-posted or inline reply. */
const OPENER_RE = /[,:：]\s*$/u;
const MAX_OPENER_CHARS = 80;

/** Whether the text lines in [from, to) are only openers: not a top-posted answer. */
function onlyOpeners(lines: string[], kinds: LineKind[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (kinds[i] !== 'text') continue;
    if (lines[i].length > MAX_OPENER_CHARS || !OPENER_RE.test(lines[i])) return false;
  }
  return true;
}

/** Whether quotes and written text alternate more than once in [from, to): answers between quotes. */
function interleaved(kinds: LineKind[], from: number, to: number): boolean {
  let runs = 0;
  let last: LineKind | null = null;
  for (let i = from; i < to; i++) {
    const k = kinds[i] === 'attr' ? 'quote' : kinds[i];
    if (k === 'blank' || k === last) continue;
    last = k;
    if (k === 'text') runs++;
  }
  return runs > 1;
}

export function extractFromText(text: string): TextExtraction {
  const lines = normalizeNewlines(text).split('\n');
  const { kinds, historyStart } = label(lines);
  const firstQuote = kinds.findIndex((k) => k === 'quote' || k === 'attr');
  let end = historyStart;
  if (firstQuote >= 0 && historyStart < lines.length) {
    const before = hasText(kinds, 0, firstQuote) && !onlyOpeners(lines, kinds, 0, firstQuote);
    const between = hasText(kinds, firstQuote, historyStart);
    // Top-posted text above a quote, then more unquoted text, then unquoted history: the
    // middle is history whose quoting the client lost. Not when the text above only greets or
    // leads in, nor when answers alternate with quotes: that is a bottom-posted or inline reply.
    if (before && between && !interleaved(kinds, firstQuote, historyStart)) end = firstQuote;
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
  // Unquoted history from the first written line, nothing quoted or written above it: a forward
  // without a note, or a list's pseudo-header ("From:" / "Date:") above the message. That is not
  // clearly quoted history, so the whole text is what extract-reply falls back to.
  const historyOnly = end < lines.length && firstQuote < 0 && !hasText(kinds, 0, end);
  return {
    reply,
    quoted: tidy(trimBlankLines(removed).join('\n')),
    foundMarker: firstQuote >= 0 || end < lines.length || cut.length > 0,
    unsigned: historyOnly
      ? tidy(lines.join('\n'))
      : cut.length === 0
        ? reply
        : tidy(dropTrailingRules(joined).join('\n')),
  };
}
