/**
 * What makes an email impossible to relay, decided before any of it is stored as a message: more
 * MIME parts than any person's email has, or a relayed copy larger than the outbound limit.
 */

/**
 * Real mail has a handful of parts; a message with many photos a few dozen. 200 leaves room for
 * those and stops a crafted message of thousands of parts (mailparser itself gives up past 1000,
 * and would report it as merely malformed, with no word to the sender).
 */
export const MAX_MIME_PARTS = 200;

/** Lines that start with "--" (at the start of the message or after a LF), counted up to `atMost`. */
function delimiterCandidates(raw: Buffer, atMost: number): number {
  let count = raw.subarray(0, 2).toString('latin1') === '--' ? 1 : 0;
  for (let at = raw.indexOf('\n--'); at >= 0 && count < atMost; at = raw.indexOf('\n--', at + 3)) count++;
  return count;
}

/**
 * SMTP allows 998 characters a line and every client wraps (base64 and quoted-printable at 76), so
 * a line of megabytes is a crafted email. The bound is far above any real line, even a
 * broken generator's unwrapped base64 attachment, and it keeps the parser's work per line small:
 * mailparser takes a line in one synchronous step, and a 25 MiB line held the event loop for
 * longer than the 100 ms any one email may.
 */
export const MAX_RAW_LINE_BYTES = 4 * 1024 * 1024;

/** The longest line of a raw message in bytes, without its CRLF or LF (memchr-speed: no copy, no regex). */
export function longestLine(raw: Buffer): number {
  let longest = 0;
  let start = 0;
  for (let end = raw.indexOf(10); end >= 0; end = raw.indexOf(10, start)) {
    const cr = end > start && raw[end - 1] === 13 ? 1 : 0;
    longest = Math.max(longest, end - start - cr);
    start = end + 1;
  }
  return Math.max(longest, raw.length - start);
}

const BOUNDARY_PARAM = /boundary\s*=\s*(?:"([^"\r\n]+)"|([^\s;"]+))/gi;
// The whole line, trimmed in code: a lazy capture before optional blanks backtracks quadratically.
const DELIMITER_LINE = /^--([^\r\n]+)$/gm;

/**
 * The MIME nodes of a raw message, counted without parsing it: the root plus one per delimiter
 * line of a declared boundary (a closing `--b--` line opens nothing). Nested multiparts count
 * their own children, so the total is the tree's size, as mailparser's splitter counts it.
 */
export function countMimeParts(raw: Buffer): number {
  const text = raw.toString('latin1');
  const boundaries = new Set<string>();
  for (const m of text.matchAll(BOUNDARY_PARAM)) boundaries.add(m[1] ?? m[2]);
  if (boundaries.size === 0) return 1;
  let parts = 1;
  for (const m of text.matchAll(DELIMITER_LINE)) if (boundaries.has(m[1].trimEnd())) parts++;
  return parts;
}

export const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/** Why a raw message is beyond what we parse (too many parts, a line of megabytes), for its notice; or null. */
export function structureProblem(
  raw: Buffer,
): { sizeText: string; limitText: string; detail: string } | null {
  // Each part but the root starts at a line beginning with "--": with too few such lines to pass
  // the limit, the message is not copied into a string and scanned (a scan of 25 MiB held the
  // event loop for about as long as any one email may).
  const parts = delimiterCandidates(raw, MAX_MIME_PARTS) < MAX_MIME_PARTS ? 1 : countMimeParts(raw);
  if (parts > MAX_MIME_PARTS) {
    const limitText = `${MAX_MIME_PARTS} parts`;
    return { sizeText: `${parts} MIME parts`, limitText, detail: `${parts} MIME parts > ${MAX_MIME_PARTS}` };
  }
  const line = longestLine(raw);
  if (line <= MAX_RAW_LINE_BYTES) return null;
  return {
    sizeText: `one line of ${megabytes(line)}`,
    limitText: `${megabytes(MAX_RAW_LINE_BYTES)} per line`,
    detail: `a line of ${line} bytes > ${MAX_RAW_LINE_BYTES}`,
  };
}

/**
 * A lower bound of the relayed email's size: its text and HTML parts (the HTML repeats the whole
 * text) and the attachments we keep, before any transfer encoding, which only adds. Above the
 * outbound limit no encoding or re-wrapping can ever make it fit.
 */
export function relayedBytesAtLeast(text: string, html: string, attachmentBytes: number[]): number {
  return (
    Buffer.byteLength(text, 'utf8') +
    Buffer.byteLength(html, 'utf8') +
    attachmentBytes.reduce((a, b) => a + b, 0)
  );
}

/** The header block of a raw message with an empty body: enough to read From and Subject. */
export function headerBlock(raw: Buffer): Buffer {
  const end = raw.indexOf('\r\n\r\n');
  const alt = raw.indexOf('\n\n');
  const cut = end >= 0 && (alt < 0 || end < alt) ? end + 4 : alt >= 0 ? alt + 2 : raw.length;
  return Buffer.concat([raw.subarray(0, cut), Buffer.from('\r\n')]);
}
