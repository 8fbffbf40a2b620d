import { withoutInvisible } from './invisible-characters';

/**
 * Display names for outgoing mail. A name is shown by mail clients next to (or instead of) the
 * address, so it is the easiest place to fake an identity: "ann@real.com" as a display name looks
 * like Ann's real address and is a phishing signal (SimpleLogin drops such names for that reason).
 * RFC 2047 encoding is MailComposer's job; this only decides which characters may be shown.
 */

export const MAX_DISPLAY_NAME_LENGTH = 64;

const ELLIPSIS = '…';

// Shortest name part viaDisplayName keeps before it starts shortening the programme as well.
const MIN_VIA_NAME_LENGTH = 12;

// Control characters (tabs, line breaks) become spaces; the invisible characters that reorder or
// hide text (bidi overrides and isolates, zero-width space/joiners, marks, BOM, soft hyphen: see
// invisible-characters.ts) are dropped: they let "moc.laer@nna" render as "ann@real.com".
const CONTROL = /\p{Cc}/gu;

// Double quotes and backslash would need quoting, angle brackets and '@' let a name pose as an
// address. The apostrophe stays: "O'Brien" is common and harmless inside a quoted display name.
const ADDRESS_LOOKALIKE = /["\\<>@\u201C-\u201F\u00AB\u00BB\u2039\u203A]/g;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Shortens to at most `max` code points, never splitting a grapheme (emoji, combining marks). */
function truncate(s: string, max: number): string {
  if (codePointLength(s) <= max) return s;
  if (max <= 0) return '';
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(s)) {
    const len = codePointLength(segment);
    if (used + len > max - 1) break;
    out += segment;
    used += len;
  }
  return out.trimEnd() + ELLIPSIS;
}

/**
 * A display name safe to show: no quotes, angle brackets, '@', control or invisible characters,
 * whitespace collapsed, at most 64 code points (cut on a grapheme boundary, with an ellipsis).
 * NFKC first, so full-width look-alikes such as U+FF20 '＠' become the ASCII they imitate and are
 * stripped with it.
 */
export function sanitizeDisplayName(s: string): string {
  // NFKC would turn our own ellipsis into "...", so keep it out: sanitising stays idempotent and
  // buildMime can sanitise an already composed name again without changing it.
  const cleaned = withoutInvisible(s)
    .split(ELLIPSIS)
    .map((part) => part.normalize('NFKC'))
    .join(ELLIPSIS)
    .replace(CONTROL, ' ')
    .replace(ADDRESS_LOOKALIKE, '')
    .replace(/\s+/gu, ' ')
    .trim();
  return truncate(cleaned, MAX_DISPLAY_NAME_LENGTH);
}

/**
 * "<author> via <programme>", within 64 code points. The author's name is shortened first, so
 * the " via <programme>" part that tells the reader this is a relayed message survives; only a
 * programme name too long for even a short author name is shortened too.
 */
export function viaDisplayName(author: string, programme: string): string {
  const name = sanitizeDisplayName(author);
  const prog = sanitizeDisplayName(programme);
  if (!name) return prog;
  if (!prog) return name;
  const sep = ' via ';
  const room = MAX_DISPLAY_NAME_LENGTH - codePointLength(sep) - codePointLength(prog);
  const nameLength = codePointLength(name);
  if (room >= Math.min(nameLength, MIN_VIA_NAME_LENGTH)) {
    return sanitizeDisplayName(truncate(name, room) + sep + prog);
  }
  const shortName = truncate(name, MIN_VIA_NAME_LENGTH);
  const progRoom = MAX_DISPLAY_NAME_LENGTH - codePointLength(sep) - codePointLength(shortName);
  return sanitizeDisplayName(shortName + sep + truncate(prog, progRoom));
}
