import { base64, qp, type MimeNode } from '../../common/nodemailer-lib';

const LINE_LENGTH = 76;

/**
 * The bytes of a compiled MailComposer tree, written in one synchronous pass. They are the bytes
 * MimeNode's own `build()` streams (a spec checks every shape we send), without its per-part
 * stream pipelines and timer hops, which cost more than the encoding itself: a digest's MIME
 * takes ~300 us instead of ~750. MailComposer still decides the structure and the headers.
 *
 * Only in-memory content is accepted; build-mime never hands MailComposer a path, URL or stream.
 */
export function serializeMime(root: MimeNode): Buffer {
  const out: string[] = [];
  writeNode(root, out);
  // MimeNode pipes everything through a CRLF normaliser and ends the message with a line break.
  let text = out.join('').replace(/(?<!\r)\n/g, '\r\n');
  if (!text.endsWith('\n')) text += text.endsWith('\r') ? '\n' : '\r\n';
  return Buffer.from(text, 'latin1');
}

// Parts are kept as latin1 strings (one char per byte): headers and QP/base64 text are ASCII,
// and content sent as it is goes in byte for byte.
function writeNode(node: MimeNode, out: string[]): void {
  out.push(`${node.buildHeaders()}\r\n\r\n`);
  if (node.content) out.push(encodedContent(node, node.content));
  if (!node.multipart) return;
  node.childNodes.forEach((child, i) => {
    out.push(`${i > 0 ? '\r\n' : ''}--${String(node.boundary)}\r\n`);
    writeNode(child, out);
  });
  out.push(`\r\n--${String(node.boundary)}--\r\n`);
}

function encodedContent(node: MimeNode, content: NonNullable<MimeNode['content']>): string {
  if (typeof content !== 'string' && !Buffer.isBuffer(content)) {
    throw new Error('serializeMime: only string or Buffer content can be serialised');
  }
  switch (node.getTransferEncoding()) {
    case 'quoted-printable':
      return quotedPrintable(typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    case 'base64':
      return base64.wrap(base64.encode(content), LINE_LENGTH);
    default:
      return typeof content === 'string'
        ? Buffer.from(content, 'utf8').toString('latin1')
        : content.toString('latin1');
  }
}

const SLICE = 64 * 1024;
const isSpaceOrTab = (byte: number | undefined) => byte === 0x20 || byte === 0x09;

/**
 * Quoted-printable as MimeNode's text-mode encoder writes a part it gets in one chunk (as it gets
 * every in-memory body). Where the soft line breaks fall depends on how the encoder cut its input,
 * so this cuts the same way: the trailing blanks after the rest, and the rest in 64 KiB slices,
 * each wrapped on from the previous slice's unfinished line. Only text parts are QP (MimeNode
 * picks base64 for everything else), so CR and LF are line breaks, never data.
 */
function quotedPrintable(bytes: Buffer): string {
  let end = bytes.length;
  while (end > 0 && isSpaceOrTab(bytes[end - 1])) end--;
  const keepsBlanksApart = bytes.length - end <= SLICE;
  const body = keepsBlanksApart ? bytes.subarray(0, end) : bytes;
  const blanks = keepsBlanksApart ? bytes.subarray(end) : bytes.subarray(0, 0);
  let done = '';
  let line = '';
  const add = (slice: Buffer, next: number | undefined) => {
    const wrapped = qp.wrap(line + encodeSlice(slice, next), LINE_LENGTH);
    const lastBreak = wrapped.lastIndexOf('\n');
    done += wrapped.slice(0, lastBreak + 1);
    line = wrapped.slice(lastBreak + 1);
  };
  for (let start = 0; start < body.length; start += SLICE) {
    const stop = Math.min(start + SLICE, body.length);
    add(body.subarray(start, stop), stop < body.length ? body[stop] : undefined);
  }
  if (blanks.length) add(blanks, undefined);
  return done + line;
}

// A blank that ends the input is encoded (=20, =09); one that ends a slice is not when the next
// byte continues the line, and stays literal.
function encodeSlice(slice: Buffer, next: number | undefined): string {
  const encoded = qp.encode(slice);
  const continues = next !== undefined && next !== 0x0a && next !== 0x0d;
  if (!continues || !isSpaceOrTab(slice[slice.length - 1])) return encoded;
  return encoded.slice(0, -3) + String.fromCharCode(slice[slice.length - 1]);
}
