import { decode, encodingExists } from 'iconv-lite';
import type { Attachment } from 'mailparser';

/** The charset parameter of an attachment's Content-Type, if any. */
export function charsetOf(attachment: Attachment): string | undefined {
  const header = attachment.headers?.get('content-type') as
    { params?: Record<string, string> } | string | undefined;
  return typeof header === 'object' ? header?.params?.charset : undefined;
}

/** A Content-Type parameter (e.g. a calendar's `method`), when it is a plain token. */
export function contentTypeParam(attachment: Attachment, name: string): string | undefined {
  const header = attachment.headers?.get('content-type') as
    { params?: Record<string, string> } | string | undefined;
  const value = typeof header === 'object' ? header?.params?.[name] : undefined;
  return value && /^[A-Za-z0-9-]{1,40}$/.test(value) ? value : undefined;
}

/**
 * The text of an attachment, from its declared charset (a byte-order mark wins; UTF-8 when none
 * is given or the label is unknown). Masking works on text, not bytes, so a UTF-16 file's
 * addresses are found as well as an ASCII one's. The masked text is relayed as UTF-8, so the
 * decoding must be right: iconv-lite (as mailparser decodes bodies), not Node 20's TextDecoder,
 * which reads windows-1252 as ISO-8859-1 and turned curly quotes and the euro sign into control
 * characters.
 */
export function decodeText(content: Buffer, charset?: string): string {
  let label = charset?.trim().toLowerCase() || 'utf-8';
  if (content[0] === 0xff && content[1] === 0xfe) label = 'utf-16le';
  else if (content[0] === 0xfe && content[1] === 0xff) label = 'utf-16be';
  else if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) label = 'utf-8';
  // iconv-lite drops the byte-order mark.
  return decode(content, encodingExists(label) ? label : 'utf-8');
}

/** Whether decoded text is really text: a NUL means a binary file under a text label. */
export function isReadableText(text: string): boolean {
  return !text.includes('\u0000');
}

/** The decoded text of an attachment (see decodeText). */
export function attachmentText(attachment: Attachment): string {
  return decodeText(attachment.content, charsetOf(attachment));
}

/**
 * A contact card, found by what it is rather than by its name or type: vCard 2.1-4.0 text
 * (BEGIN:VCARD), jCard (RFC 7095, `["vcard", ...]`) and xCard (RFC 6351). Both byte views are
 * checked so that a UTF-16 card is found too.
 */
export function containsContactCard(content: Buffer): boolean {
  const views = [
    content.toString('latin1'),
    content.toString('utf16le'),
    content.subarray(1).toString('utf16le'),
  ];
  return views.some(
    (v) =>
      /BEGIN:VCARD/i.test(v) || /\[\s*"vcard"\s*,/i.test(v) || /urn:ietf:params:xml:ns:vcard-4\.0/i.test(v),
  );
}
