import { hasInvisible, isBidiControl, isInvisible } from './invisible-characters';

/**
 * A text as a reader's client may show it, for finding addresses in it, with the way back to the
 * text's own offsets (what is replaced is the text as written).
 *
 * What is written is not always what is shown: a mail client decodes the percent-escapes of a
 * mailto: link (RFC 6068) and a browser those of a link, HTML shows character references as
 * characters, fonts draw compatibility forms ("﹫", "＠", "ａ") as the ASCII they imitate (NFKC),
 * and invisible characters as nothing. "ann@exam%70le.org", "exa&#109;ple.org" and
 * "exa\u200Bmple.org" are all "ann@example.org" to the reader.
 */
export interface ReaderView {
  text: string;
  /** Where in the written text the view's character at `v` begins. */
  startOf(v: number): number;
  /** Where in the written text the view's characters before `v` end. */
  endOf(v: number): number;
  /** [start, end) of what is written as bidi controls only, in order, to be removed. */
  bidi: [number, number][];
}

// What may stand for something else: runs of percent-escapes, numeric character references, the
// named references of address characters and invisible ones, the escapes a viewer of a text
// attachment decodes (JSON's "\u0040", RTF's "\'40" and "\u64?", which Word shows as "@"), and
// anything beyond ASCII. Runs are taken at most 4,096 at a time: an unbounded `+` over millions
// of characters overflowed V8's regular-expression stack (a run goes on in the next match, so
// nothing is skipped).
const ENCODED =
  /(?:%[0-9a-f]{2}){1,4096}|&#(?:[0-9]{1,7}|x[0-9a-f]{1,6});?|&(?:commat|period|lowbar|plus|shy|zwj|zwnj|lrm|rlm|nobreak|zerowidthspace);|\\u[0-9a-f]{4}|\\u-?[0-9]{1,5}\??|\\'[0-9a-f]{2}|[\u0080-\u{10FFFF}]{1,4096}/giu;

/** The character of a JSON or RTF escape ("\u0040", "\u64?", "\'40"), or undefined. */
function escapedChar(token: string): string | undefined {
  if (token[1] === "'") return String.fromCharCode(parseInt(token.slice(2), 16));
  const digits = token.slice(2).replace(/\?$/, '');
  // JSON's four hex digits; RTF's signed decimal (a negative one counts from 65,536).
  const code = /^[0-9a-f]{4}$/i.test(digits) ? parseInt(digits, 16) : (Number(digits) + 65_536) % 65_536;
  return code > 0 && (code < 0xd800 || code > 0xdfff) ? String.fromCharCode(code) : undefined;
}

const NAMED: Record<string, string> = {
  commat: '@',
  period: '.',
  lowbar: '_',
  plus: '+',
  shy: '\u00AD',
  zwj: '\u200D',
  zwnj: '\u200C',
  lrm: '\u200E',
  rlm: '\u200F',
  nobreak: '\u2060',
  zerowidthspace: '\u200B',
};

/** One character as drawn: nothing if invisible, else its compatibility form. */
function drawn(char: string): string {
  return isInvisible(char) ? '' : char.normalize('NFKC');
}

/** The character of the valid UTF-8 sequence of percent-escapes at `escapes[i]`, or ''. */
function utf8Char(escapes: string, i: number): string {
  const lead = parseInt(escapes.slice(i + 1, i + 3), 16);
  const n = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0;
  if (n === 0 || i + 3 * n > escapes.length) return '';
  const char = Buffer.from(escapes.slice(i, i + 3 * n).replace(/%/g, ''), 'hex').toString('utf8');
  return char.includes('\uFFFD') ? '' : char;
}

export function readerView(text: string): ReaderView {
  const parts: string[] = [];
  // Where the view stops following the text one code unit for one: spans of both, merged when
  // they touch. Between them, an offset in one is the other's plus the last span's difference.
  const viewStart: number[] = [];
  const viewEnd: number[] = [];
  const textStart: number[] = [];
  const textEnd: number[] = [];
  const bidi: [number, number][] = [];
  let done = 0;
  let length = 0;

  /** text[start, end) is drawn as `shown`; what lies between the last one and `start` as written. */
  const put = (start: number, end: number, shown: string, isBidi: boolean) => {
    if (start > done) {
      parts.push(text.slice(done, start));
      length += start - done;
    }
    parts.push(shown);
    if (shown.length !== end - start) {
      const last = textEnd.length - 1;
      if (last >= 0 && textEnd[last] === start) {
        textEnd[last] = end;
        viewEnd[last] = length + shown.length;
      } else {
        viewStart.push(length);
        viewEnd.push(length + shown.length);
        textStart.push(start);
        textEnd.push(end);
      }
    }
    if (isBidi) {
      const last = bidi[bidi.length - 1];
      if (last && last[1] === start) last[1] = end;
      else bidi.push([start, end]);
    }
    length += shown.length;
    done = end;
  };
  // NFKC one character at a time is the slow part: each character's form is computed once.
  const forms = new Map<string, string>();
  /** The character `char`, written as text[start, end). */
  const putChar = (start: number, end: number, char: string) => {
    let shown = forms.get(char);
    if (shown === undefined) forms.set(char, (shown = drawn(char)));
    if (end - start !== char.length || shown !== char)
      put(start, end, shown, shown === '' && isBidiControl(char));
  };

  for (const m of text.matchAll(ENCODED)) {
    const token = m[0];
    const at = m.index;
    if (token[0] === '%') {
      for (let i = 0; i < token.length; i += 3) {
        const byte = parseInt(token.slice(i + 1, i + 3), 16);
        if (byte < 0x80) {
          put(at + i, at + i + 3, String.fromCharCode(byte), false);
          continue;
        }
        const char = utf8Char(token, i);
        if (!char) continue;
        const end = i + 3 * Buffer.byteLength(char);
        putChar(at + i, at + end, char);
        i = end - 3;
      }
    } else if (token[0] === '&') {
      const ref = token.slice(1).replace(/;$/, '').toLowerCase();
      const code =
        ref[0] !== '#' ? -1 : ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
      const char = ref[0] !== '#' ? NAMED[ref] : valid ? String.fromCodePoint(code) : undefined;
      if (char) putChar(at, at + token.length, char);
    } else if (token[0] === '\\') {
      const char = escapedChar(token);
      if (char) putChar(at, at + token.length, char);
    } else if (hasInvisible(token) || token.normalize('NFKC') !== token) {
      // Beyond ASCII, one character at a time only where something changes (the usual text
      // changes nothing and is kept as it is, whole).
      for (let i = at, end = at + token.length; i < end;) {
        const c = text.charCodeAt(i);
        const width = c >= 0xd800 && c <= 0xdbff && i + 1 < end ? 2 : 1;
        putChar(i, i + width, width === 1 ? text[i] : text.slice(i, i + 2));
        i += width;
      }
    }
  }
  if (parts.length === 0) return { text, startOf: (v) => v, endOf: (v) => v, bidi };
  parts.push(text.slice(done));

  /** The last span whose view start is before `v` (or at it, when `atStart`), or -1. */
  const spanBefore = (v: number, atStart: boolean): number => {
    let lo = 0;
    let hi = viewStart.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (viewStart[mid] < v || (atStart && viewStart[mid] === v)) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  return {
    text: parts.join(''),
    // Inside a span, a start is the span's start and an end its end: a changed token is hidden
    // whole or not at all.
    startOf: (v) => {
      const k = spanBefore(v, true);
      if (k < 0) return v;
      return v < viewEnd[k] ? textStart[k] : textEnd[k] + v - viewEnd[k];
    },
    endOf: (v) => {
      const k = spanBefore(v, false);
      if (k < 0) return v;
      return v <= viewEnd[k] ? textEnd[k] : textEnd[k] + v - viewEnd[k];
    },
    bidi,
  };
}
