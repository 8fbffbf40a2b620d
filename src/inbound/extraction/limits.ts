/**
 * How much of an email the reply heuristics look at, so that no email can make extraction slow
 * (issue #11). Bounds only ever skip a heuristic: a line past them is kept as the person wrote it,
 * never dropped. The reply corpus stays far inside them (longest line 1,000 characters, longest
 * body 33 KB).
 */

/** A longer line is never an attribution, header, separator, signature, footer or rule. */
export const MAX_HEURISTIC_LINE_CHARS = 2_000;

/**
 * The line rules (attribution, headers, separators, signatures) run over the lines that start
 * within this many characters; later lines only get the ">" quote marker, which is exact and cheap.
 */
export const MAX_HEURISTIC_TEXT_CHARS = 64 * 1024;

/**
 * A longer text body is kept whole, unconfident, with no heuristics at all: even linear line
 * rules cost hundreds of milliseconds at the 25 MiB size limit. Real replies, quoted history
 * included, are far shorter.
 */
export const MAX_EXTRACT_CHARS = 1024 * 1024;

/** Likewise for a body of more lines than this (a plain-text thread of some 600 quoted messages). */
export const MAX_EXTRACT_LINES = 20_000;

/** Whether a body is past either bound; counts lines only up to the bound. */
export function beyondExtraction(text: string): boolean {
  if (text.length > MAX_EXTRACT_CHARS) return true;
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    if (++lines > MAX_EXTRACT_LINES) return true;
  }
  return false;
}

/**
 * A larger HTML part is not parsed for its quote markup when the email has a text part, and a
 * reply's own HTML this long is not kept (its text is relayed).
 */
export const MAX_HTML_CHARS = 256 * 1024;

/** Our own sent text is looked for in lines starting within this many characters. */
export const MAX_SENT_SEARCH_CHARS = 256 * 1024;

export function isHeuristicLine(line: string): boolean {
  return line.length <= MAX_HEURISTIC_LINE_CHARS;
}

/** Number of leading lines that start within `maxChars` characters of the text they were split from. */
export function linesWithin(lines: string[], maxChars: number): number {
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    if (offset >= maxChars) return i;
    offset += lines[i].length + 1;
  }
  return lines.length;
}
