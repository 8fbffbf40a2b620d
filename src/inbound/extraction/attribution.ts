import { isHeuristicLine } from './limits';
import { isQuotedLine } from './quote-lines';
import { DATE_OR_TIME_RE, EMAIL_RE, fold, isBlank } from './text-utils';

/**
 * Attribution lines ("On Tue, 1 Mar 2011, Ann <ann@x.org> wrote:") introduce quoted history.
 * Clients write them in the sender's language and often wrap them over two or three lines,
 * so we test windows of up to three joined lines against a few shapes rather than one regex
 * per client.
 */

/** "wrote" in the languages mail clients localise (folded: lower case, no accents). */
const WROTE_WORDS = [
  'wrote',
  'writes',
  'has written', // English
  'schrieb',
  'geschrieben',
  'schreef',
  'heeft geschreven',
  'geschreven', // German, Dutch ("heeft Ann het volgende geschreven")
  'a ecrit',
  'ecrit',
  'escribio',
  'escreveu',
  'ha scritto',
  'scrisse',
  'a scris',
  'va escriure', // Romance
  'skrev',
  'skrifadi',
  'kirjoitti',
  'kirjutas', // Nordic, Finnish, Estonian
  'napisal',
  'napisała',
  'napisał',
  'napisala',
  'napisana',
  'napsal',
  'napsala',
  'napisao',
  'pisze', // Slavic (Latin)
  'написал',
  'написала',
  'написав',
  'написала',
  'пише',
  'писал',
  'написа', // Cyrillic
  'irta',
  'yazdı',
  'yazdi',
  'rase',
  'rakstija',
  'εγραψε', // Hungarian, Turkish, Baltic, Greek
  'كتب',
  'כתב',
  'लिखा',
  'เขียน', // Arabic, Hebrew, Hindi, Thai
  '写道',
  '寫道',
  '작성',
  '書きました',
  'のメッセージ', // CJK
  'da viet',
  'đa viet',
  'menulis',
  'написао',
  'написала је',
  'نوشت',
  'escribiu',
  'เขียนว่า', // Vietnamese, Indonesian/Malay, Serbian, Persian, Galician, Thai
];

/** Words an attribution typically starts with ("On", "Am", "Le", "W dniu", ...). */
const STARTERS = [
  'on',
  'am',
  'le',
  'el',
  'il',
  'em',
  'op',
  'den',
  'dne',
  'w dniu',
  'no dia',
  'στις',
  'dana',
  'pada',
];

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORD_END = '(?![\\p{L}\\p{N}])';
const WORD_START = '(?<![\\p{L}\\p{N}])';
// Folded as the text is (Thai vowel marks, for one, are combining marks that fold drops).
const WROTE_RE = new RegExp(
  `${WORD_START}(${WROTE_WORDS.map((w) => esc(fold(w))).join('|')})${WORD_END}`,
  'u',
);
const CJK_WROTE_RE = /写道|寫道|작성|書きました|のメール/u;
const STARTER_RE = new RegExp(`^(${STARTERS.map(esc).join('|')})${WORD_END}`, 'u');
/** Ends with a colon (ASCII or full width), maybe wrapped in "----" as Zoho and others do. */
const COLON_END_RE = /[:：]\s*-*$/u;
/** An address right before the final colon: `Ann <ann@x.org>:` or `ann@x.org:`. */
const EMAIL_BEFORE_COLON_RE =
  /(?<![\p{L}\p{N}._%+'-])[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}[\s>\])"'»]{0,4}[:：]\s*$/u;
/** Leading dashes or bullets some clients put in front ("- Le 2021-04-09 ... a écrit :"). */
const LEAD_RE = /^[\s\-–—*•]+/u;

/** Markdown-style links that text renderings leave around addresses: `[a@b.c](mailto:a@b.c)`. */
function simplify(text: string): string {
  return text
    .replace(/\[([^[\]]*)\]\([^()]*\)/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"');
}

/** Does this (possibly joined) text read as an attribution? */
export function looksLikeAttribution(raw: string, allowNoColon: boolean): boolean {
  const text = fold(simplify(raw)).replace(LEAD_RE, '');
  if (text.length < 8 || text.length > 320) return false;
  const hasWrote = WROTE_RE.test(text) || CJK_WROTE_RE.test(text);
  // The address pattern backtracks on long runs of letters; most lines have no "@" at all.
  const hasEmail = text.includes('@') && EMAIL_RE.test(text);
  const hasDate = DATE_OR_TIME_RE.test(text);
  const starts = STARTER_RE.test(text);
  const colonEnd = COLON_END_RE.test(text);
  if (hasWrote && colonEnd && (starts || hasEmail || hasDate)) return true;
  // "On <date> Ann <ann@x.org> wrote" / "Am <date> schrieb Ann": no colon, but both an
  // opening word and a date, on one line, so that prose ("On Monday I wrote him") is safe.
  if (allowNoColon && hasWrote && starts && DATE_OR_TIME_RE.test(text.slice(0, 45))) {
    return true;
  }
  // "30.09.2017, 18.30, "Ann" <ann@x.org>:" and similar headers without any verb.
  if (hasDate && hasEmail && EMAIL_BEFORE_COLON_RE.test(text)) return true;
  return false;
}

const MAX_WINDOW = 3;

/**
 * Number of lines (1-3) forming an attribution that starts at `index`, or 0. A window that
 * could also start on a later line is left to that line, so "Am heutigen Tage" above a
 * wrapped "Am So., 1. Jan. 2023 ... schrieb" is not swallowed.
 */
export function attributionAt(lines: string[], index: number): number {
  const own = smallestWindow(lines, index);
  if (!own) return 0;
  // Defer only when this line carries nothing of an attribution (no digit, no address):
  // "On 8 Nov 2017, Ann <" + "ann@x.org> wrote:" must stay one attribution.
  if (own > 1 && !/[\p{Nd}@]/u.test(lines[index])) {
    const later = smallestWindow(lines, index + 1);
    if (later && index + 1 + later <= index + own) return 0;
  }
  return own;
}

function smallestWindow(lines: string[], index: number): number {
  if (index >= lines.length || !isHeuristicLine(lines[index])) return 0;
  if (isBlank(lines[index]) || isQuotedLike(lines[index])) return 0;
  let joined = '';
  for (let size = 1; size <= MAX_WINDOW && index + size <= lines.length; size++) {
    const line = lines[index + size - 1];
    // A wrapped address can leave a lone ">:" that looks quoted; it still closes the line.
    if (!isHeuristicLine(line)) break;
    if (size > 1 && (isBlank(line) || (isQuotedLike(line) && !/^\s*>\s*[:：]\s*$/.test(line)))) break;
    joined = size === 1 ? line.trim() : `${joined} ${line.trim()}`;
    if (looksLikeAttribution(joined, false)) return size;
  }
  // Only then the colon-less single-line form, so a wrapped "...schrieb John <" + "j@x.org>:"
  // is taken whole.
  return looksLikeAttribution(lines[index], true) ? 1 : 0;
}

function isQuotedLike(line: string): boolean {
  return /^\s*>/.test(line);
}

/**
 * Mail programs that name the quoted message instead of saying "wrote": Horde's "Quoting Ann
 * <a@x.org>:" (and its translations), sup and alot's "Excerpts from Ann's message of <date>:".
 */
const QUOTING_RE =
  /^(?:quoting|excerpts from|zitat von|citando|citation de|cytuje|cytujac|idezet)(?![\p{L}\p{N}])/u;
const MAX_LEAD_IN_CHARS = 200;

/** Whether the next written line after `index` (at most one blank line between) is `>`-quoted. */
function quoteFollows(lines: string[], index: number): boolean {
  for (let i = index + 1; i < Math.min(lines.length, index + 3); i++) {
    if (isBlank(lines[i])) continue;
    return isQuotedLine(lines[i]);
  }
  return false;
}

/**
 * A one-line attribution that only counts right above a quote: "Joe wrote:" with no date,
 * "Joe Bloggs <joe@x.org>:", mutt's "* Joe <joe@x.org> [2024-06-03 10:00]:", "Quoting Joe
 * (2024-06-03 10:00:00)". Without a quote below, such a line is prose and stays.
 */
export function leadInAttributionAt(lines: string[], index: number): boolean {
  const line = lines[index] ?? '';
  if (line.length > MAX_LEAD_IN_CHARS || isBlank(line) || isQuotedLike(line)) return false;
  if (!quoteFollows(lines, index)) return false;
  const text = fold(simplify(line)).replace(LEAD_RE, '');
  if (QUOTING_RE.test(text)) return true;
  if (!COLON_END_RE.test(text)) return false;
  return WROTE_RE.test(text) || CJK_WROTE_RE.test(text) || (text.includes('@') && EMAIL_RE.test(text));
}

/** Whether the attribution of `size` lines at `index` carries a date, a time or an address. */
export function attributionNamesMessage(lines: string[], index: number, size: number): boolean {
  const text = fold(simplify(lines.slice(index, index + size).join(' ')));
  return DATE_OR_TIME_RE.test(text) || (text.includes('@') && EMAIL_RE.test(text));
}
