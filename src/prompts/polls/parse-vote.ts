/** A vote read from a poll reply: the chosen option (zero-based) and what was written with it. */
export interface PollAnswer {
  optionIndex: number;
  /** Text after the choice, on its line or below it; null when there is none. */
  comment: string | null;
}

/** Comments are kept for staff to read, not as an archive: the raw email keeps the rest. */
export const MAX_COMMENT_CHARS = 4000;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** What may separate a choice from a comment on the same line: "2 - ...", "Stuck: ...", "3) ...". */
const SEPARATOR_RUN = /^[\s.,;:!?)\]\u2013\u2014-]+/u;

/**
 * The vote a poll reply holds, or null when it holds none. Only the first non-blank line is read
 * for the choice: its number ("2", "2.", "(2)"), its option's text ("Pretty good", also without a
 * leading emoji or score: "Good" for "😀 Good", "somewhat" for "3, somewhat"), or both when they
 * agree ("2. Pretty good"). The choice must stand alone as words: "Great week, thanks" is not a
 * vote for "Great", nor "2 weeks ago" for 2. Whatever follows the choice is the comment.
 */
export function parseVote(newText: string, options: readonly string[]): PollAnswer | null {
  const lines = newText.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return null;
  const head = readChoice(lines[first].trim().replace(/[ \t]+/g, ' '), options);
  if (!head) return null;
  const comment = [head.rest, lines.slice(first + 1).join('\n')]
    .map((part) => part.trim())
    .filter(Boolean)
    .join('\n');
  return { optionIndex: head.index, comment: comment ? comment.slice(0, MAX_COMMENT_CHARS) : null };
}

function readChoice(line: string, options: readonly string[]): { index: number; rest: string } | null {
  const numbered = /^\(?(\d{1,2})\)?/.exec(line);
  if (!numbered) return readLabel(line, options);
  const index = Number(numbered[1]) - 1;
  if (index < 0 || index >= options.length) return null;
  const after = line.slice(numbered[0].length);
  const separated = SEPARATOR_RUN.exec(after)?.[0] ?? '';
  const rest = after.slice(separated.length);
  // "2. Pretty good": the text must name the same option; "2. Great" (option 1) is a contradiction.
  const label = readLabel(rest, options);
  if (label) return label.index === index ? { index, rest: label.rest } : null;
  if (rest === '') return { index, rest: '' };
  // "2 weeks ago" starts with a number but is a sentence: a comment needs a separator ("2 - ...").
  return /[^\s]/.test(separated) ? { index, rest } : null;
}

/** The longest option text the line starts with, standing as whole words, and what follows it. */
function readLabel(line: string, options: readonly string[]): { index: number; rest: string } | null {
  const candidates = options
    .flatMap((option, index) => labelsOf(option).map((label) => ({ label, index })))
    .sort((a, b) => b.label.length - a.label.length);
  for (const { label, index } of candidates) {
    if (line.slice(0, label.length).toLowerCase() !== label) continue;
    const after = line.slice(label.length);
    const next = after.trimStart().charAt(0);
    if (next && LETTER_OR_DIGIT.test(next)) continue;
    return { index, rest: after.slice(SEPARATOR_RUN.exec(after)?.[0].length ?? 0) };
  }
  return null;
}

/** An option as people type it: in full, and without a leading emoji or score ("3, somewhat"). */
function labelsOf(option: string): string[] {
  const full = option.trim().replace(/\s+/g, ' ').toLowerCase();
  const core = full.replace(/^[^\p{L}\p{N}]+/u, '').replace(/^\d{1,2} ?[,.):-] ?/, '');
  return core && core !== full ? [full, core] : [full];
}
