import { isHeuristicLine } from './limits';
import { stripFormatChars } from './text-utils';

/**
 * Lines quoted by the mail client: "> text" (any depth), "| text" as some webmails write,
 * and supercite-style initials ("C> text", "JD> text").
 */
const ANGLE_RE = /^\s*>/;
const INITIALS_RE = /^\s*[A-Z]{1,3}>(?:\s|$)/;
/** "| text" but not a table row, which also ends with a pipe. */
const PIPE_RE = /^\s*\|(?!.*\|\s*$)/;

/**
 * ">= 3 items", ">=10 min": a comparison the person typed, not a quote marker. A quoted line whose
 * own text starts with "=" then a space or digit is not something clients produce; a quoted rule
 * (">=====") still reads as quoted.
 */
const COMPARISON_RE = /^\s*>=(?=\s|\d)/;

export function isQuotedLine(line: string): boolean {
  const l = stripFormatChars(line);
  if (COMPARISON_RE.test(l)) return false;
  return ANGLE_RE.test(l) || INITIALS_RE.test(l) || PIPE_RE.test(l);
}

/** The text of a quoted line without its markers ("> > a" -> "a"). */
export function unquote(line: string): string {
  return stripFormatChars(line).replace(/^(?:\s*[A-Z]{0,3}[>|])+\s?/, '');
}

/** Quote lines long enough that the client probably wrapped them (see wrappedContinuations). */
const WRAP_WIDTH = 50;

/**
 * Clients that re-wrap a long quoted line leave the overflow unquoted: "> ... pharetra d" /
 * "ignissim odio?" / ">". Such an unquoted line sits directly (no blank line) between two
 * quoted lines, right after a long one; it belongs to the quote, not to the reply.
 * Returns the indexes of such lines.
 */
export function wrappedContinuations(lines: string[], quoted: boolean[]): Set<number> {
  const out = new Set<number>();
  for (let i = 1; i < lines.length - 1; i++) {
    if (quoted[i] || !quoted[i - 1] || !isHeuristicLine(lines[i]) || lines[i].trim() === '') continue;
    if (unquote(lines[i - 1]).length < WRAP_WIDTH) continue;
    let j = i;
    while (j < lines.length && j - i < 2 && !quoted[j] && lines[j].trim() !== '') j++;
    if (j < lines.length && quoted[j]) for (let k = i; k < j; k++) out.add(k);
  }
  return out;
}
