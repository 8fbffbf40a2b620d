/**
 * Tolerant intake: what real mail carries before or inside its header block that no parser
 * should refuse it for, repaired on a copy before parsing (the stored raw stays as it arrived).
 * - An mbox `From sender date` line (a message saved from a mailbox file, or a forwarding agent
 *   that writes one); mailparser skips it, but our own header-block test did not.
 * - A UTF-8 byte-order mark, or leading lines of spaces: mailparser read `\ufeffFrom` as a field
 *   of another name and the email had no From.
 * - A first header line indented by mistake (` From: ...`), which reads as a fold of nothing.
 * - Obsolete field-name syntax (RFC 5322 §4.5): whitespace between the name and the colon
 *   (`Subject : hi`, or a fold there). A first line `From : x` was taken for an mbox line and dropped whole.
 * - Whitespace inside an address (RFC 5322 §4.4, `ann . lee @ example . org`), in From.
 * - CR-only line ends (old Mac generators). Bare LF line ends need nothing: mailparser reads them.
 * Only the header block is touched, and only these shapes: the body is never rewritten.
 */

import { MAX_RAW_LINE_BYTES } from '../checks/unrelayable';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Header blocks are a few KB; an mbox line or a run of leading spaces is shorter than this. */
const MAX_LEADING_JUNK_BYTES = 64 * 1024;

const LF = 0x0a;

/** Index after the line starting at `at` (past its LF), or -1 when no LF comes within the bound. */
function lineEnd(raw: Buffer, at: number): number {
  const lf = raw.indexOf(LF, at);
  return lf >= 0 && lf - at <= MAX_LEADING_JUNK_BYTES ? lf + 1 : -1;
}

function onlyBlanks(raw: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++)
    if (raw[i] !== 0x20 && raw[i] !== 0x09 && raw[i] !== 0x0d && raw[i] !== LF) return false;
  return true;
}

/** `From ` then anything but a colon-first value: the mbox separator, not the `From :` field. */
const MBOX_FROM_LINE = /^From [^\r\n]*$/;
const OBS_FROM_FIELD = /^From[ \t]*:/;

/**
 * The raw message without what may precede its header block (a BOM, blank lines, an mbox `From `
 * line, the indent of the first line). Nothing any signature covers is removed, so DKIM checks
 * this copy as the receiving server would have.
 */
export function withoutLeadingJunk(raw: Buffer): Buffer {
  let at = raw.subarray(0, 3).equals(BOM) ? 3 : 0;
  // Bounded: a message of megabytes of empty lines is not walked line by line.
  while (at < MAX_LEADING_JUNK_BYTES) {
    const end = lineEnd(raw, at);
    if (end < 0) break;
    if (!onlyBlanks(raw, at, end)) {
      const line = raw
        .subarray(at, end)
        .toString('latin1')
        .replace(/\r?\n$/, '');
      if (!MBOX_FROM_LINE.test(line) || OBS_FROM_FIELD.test(line)) break;
    }
    at = end;
  }
  while (at < raw.length && (raw[at] === 0x20 || raw[at] === 0x09) && at < MAX_LEADING_JUNK_BYTES) at++;
  return at === 0 ? raw : raw.subarray(at);
}

/** `Name : value`, whitespace (or a fold) between a field name and its colon, at a line start. */
const OBS_FIELD_NAME = /^([!-9;-~]+)(?:\r?\n)?[ \t]+:/gm;

/**
 * Header blocks are a few KB (a long Received and DKIM chain some tens): only this much of one is
 * repaired, so that a crafted header block of megabytes costs no more than a real one.
 */
const MAX_REPAIRED_HEADER_BYTES = 256 * 1024;

/** End of the header block (after the LF of its last line), or of the bounded region searched. */
function headerEnd(raw: Buffer): number {
  const region = raw.subarray(0, MAX_REPAIRED_HEADER_BYTES);
  const ends = [region.indexOf('\n\n'), region.indexOf('\n\r\n')].filter((i) => i >= 0);
  if (ends.length) return Math.min(...ends) + 1;
  // No end within the bound: up to the last whole line, so no field name is cut in two.
  const lastLf = region.lastIndexOf(LF);
  return region.length < raw.length ? lastLf + 1 : raw.length;
}

/** The From field with its folded lines. */
const FROM_FIELD = /^From:[^\n]*(?:\n[ \t][^\n]*)*/gim;
/** An angle address holding whitespace (obs-local-part / obs-domain: `<ann . lee @ example.org>`). */
const ANGLE_ADDR = /<([^<>"]*)>/g;
/** A space beside a dot or an at sign, once runs of whitespace are one space. */
const SPACE_BY_DOT_OR_AT = / ?([.@]) ?/g;

/**
 * RFC 5322 §4.4 lets an address carry whitespace and folds around its dots and at sign
 * (`ann . lee @ example . org`); mailparser then reads `lee@example`. Only the address part is
 * closed up: an angle address (unless a quoted local part holds spaces on purpose), or a bare
 * address before any comment. The display name is left as written.
 */
function closeUpAddress(field: string): string {
  if (field.includes('<'))
    return field.replace(ANGLE_ADDR, (whole, inner: string) =>
      inner.includes('@') ? `<${inner.replace(/\s+/g, '')}>` : whole,
    );
  if (field.includes('"')) return field;
  const eol = field.endsWith('\r') ? '\r' : '';
  const comment = field.indexOf('(');
  const address = (comment < 0 ? field : field.slice(0, comment)).slice('From:'.length);
  const closed = address.replace(/\s+/g, ' ').trim().replace(SPACE_BY_DOT_OR_AT, '$1');
  const rest = comment < 0 ? '' : ` ${field.slice(comment).replace(/\r$/, '')}`;
  return `From: ${closed}${rest}${eol}`;
}

/**
 * A CR-only message (old Mac line ends) has no LF in its first bound; parsers need LF. One larger
 * than the longest line we accept is refused before parsing (structureProblem): it is one line.
 */
function withLineFeeds(raw: Buffer): Buffer {
  const head = raw.subarray(0, MAX_LEADING_JUNK_BYTES);
  if (raw.length > MAX_RAW_LINE_BYTES || head.indexOf(LF) >= 0 || head.indexOf(0x0d) < 0) return raw;
  return Buffer.from(raw.toString('latin1').replace(/\r(?!\n)/g, '\r\n'), 'latin1');
}

/** The raw message as parsers expect it (see the file comment); `raw` itself when nothing needed repair. */
export function tolerantRaw(raw: Buffer): Buffer {
  const trimmed = withoutLeadingJunk(withLineFeeds(raw));
  const end = headerEnd(trimmed);
  const head = trimmed.subarray(0, end).toString('latin1');
  const repaired = head
    .replace(OBS_FIELD_NAME, '$1:')
    .replace(FROM_FIELD, (field) =>
      /[ \t\n][.@]|[.@][ \t\r\n]/.test(field) ? closeUpAddress(field) : field,
    );
  if (repaired === head) return trimmed;
  return Buffer.concat([Buffer.from(repaired, 'latin1'), trimmed.subarray(end)]);
}
