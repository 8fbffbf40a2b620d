/**
 * Small helpers shared by the line rules. Matching is done on a "folded" copy of a line
 * (format characters such as bidi marks removed, accents stripped, lower case) so that one
 * pattern covers "Envoyé" and "Envoye", or an Arabic header wrapped in RTL marks.
 */

/** CRLF/CR to LF; the text is otherwise kept as written. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Invisible format characters (bidi marks, zero-width spaces, BOM) that clients sprinkle around. */
const FORMAT_CHARS = /\p{Cf}/gu;

/** NBSP and other exotic spaces behave like a space for matching. */
const ODD_SPACES = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g;

/** Either of the above: most lines have none, and one search is cheaper than two replaces. */
const FORMAT_OR_ODD_SPACE = /[\p{Cf}\u00a0\u2000-\u200a\u202f\u205f\u3000]/u;

export function stripFormatChars(line: string): string {
  if (!FORMAT_OR_ODD_SPACE.test(line)) return line;
  return line.replace(FORMAT_CHARS, '').replace(ODD_SPACES, ' ');
}

/** Every format character, odd space and accent is outside ASCII, and NFD/NFC leave ASCII alone. */
const ASCII_RE = /^[^\u0080-\uffff]*$/;

/** Lower-cased, accent-free, format-free copy of a line for keyword matching. */
export function fold(line: string): string {
  // Most lines are ASCII: the same result without two normalisations and three replaces.
  if (ASCII_RE.test(line)) return line.toLowerCase().trim();
  return stripFormatChars(line)
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .normalize('NFC') // recompose Hangul and other scripts that NFD splits without marks
    .toLowerCase()
    .trim();
}

/**
 * Anything but whitespace and format characters: what stripFormatChars and trim would leave. The
 * search stops at the first letter, where stripping a 160,000-character line first did not.
 */
const WRITTEN_RE = /[^\s\p{Cf}]/u;

export function isBlank(line: string): boolean {
  return !WRITTEN_RE.test(line);
}

/** Drops blank lines at both ends of a list of lines. */
export function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start])) start++;
  while (end > start && isBlank(lines[end - 1])) end--;
  return lines.slice(start, end);
}

/**
 * Trailing spaces and tabs. The lookbehind makes every start inside a run fail at once: a plain
 * /[ \t]+$/ rescans the run from each of its positions, and "On" + 160,000 spaces + "wrote" took
 * a minute (issue #11).
 */
const TRAILING_BLANKS_RE = /(?<![ \t])[ \t]+$/gm;

/** Trailing spaces per line removed and the whole text trimmed: how a reply is returned. */
export function tidy(text: string): string {
  return text.replace(TRAILING_BLANKS_RE, '').trim();
}

/** An e-mail address anywhere in the text (the lookbehind: only from the start of a run, see above). */
export const EMAIL_RE = /(?<![\p{L}\p{N}._%+'-])[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/u;

/** Something that looks like a date or time: 10:20, 13.12.2017, 2017-11-24, 2016, ٣:٣٦ ... */
export const DATE_OR_TIME_RE =
  /\p{Nd}{1,2}[:.]\p{Nd}{2}|\p{Nd}{1,4}[./-]\p{Nd}{1,2}[./-]\p{Nd}{1,4}|\b(19|20)\d{2}\b|[\u0660-\u0669]{4}|\d{4}年/u;
