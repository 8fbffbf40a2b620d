import { randomBytes } from 'node:crypto';
import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';
import { SmtpTestClient } from '../support/smtp-client';

export interface Part {
  headers: string[];
  /** Sent as base64 unless `raw` (then the text is written as it is, 7bit/8bit). */
  body: Buffer | string;
  raw?: boolean;
}

function encoded(part: Part): string {
  if (part.raw) return [...part.headers, '', String(part.body)].join('\r\n');
  const b64 = Buffer.from(part.body).toString('base64').replace(/.{76}/g, '$&\r\n');
  return [...part.headers, 'Content-Transfer-Encoding: base64', '', b64].join('\r\n');
}

/** A multipart body of the given subtype, as one part. */
export function multipart(subtype: string, parts: Part[]): Part {
  const boundary = `b${randomBytes(8).toString('hex')}`;
  const body = [...parts.map((p) => `--${boundary}\r\n${encoded(p)}`), `--${boundary}--`, ''].join('\r\n');
  return { headers: [`Content-Type: multipart/${subtype}; boundary="${boundary}"`], body, raw: true };
}

/** A whole email: the given headers over a root part. */
export function email(headers: string[], root: Part): string {
  return `${[...headers, 'MIME-Version: 1.0'].join('\r\n')}\r\n${encoded(root)}\r\n`;
}

export function file(
  contentType: string,
  filename: string,
  body: Buffer | string,
  extra: string[] = [],
): Part {
  return {
    headers: [
      `Content-Type: ${contentType}; name="${filename}"`,
      `Content-Disposition: attachment; filename="${filename}"`,
      ...extra,
    ],
    body,
  };
}

/** Sends one email over real SMTP to the listener; returns the DATA reply code. */
export async function sendSmtp(
  port: number,
  from: string,
  to: string,
  raw: string,
): Promise<number | undefined> {
  return (await SmtpTestClient.sendOnce(port, { from, to: [to], raw })).data?.code;
}

/**
 * Everything a recipient's client could show or a curious recipient could read, decoded: raw
 * bytes, every header, the text and HTML, attachment names, Content-IDs and text contents, and
 * attached emails opened the same way, all the way down.
 */
export async function everything(raw: string | Buffer, depth = 0): Promise<string> {
  const parsed = await simpleParser(raw);
  const out = [
    String(raw),
    parsed.subject ?? '',
    parsed.text ?? '',
    typeof parsed.html === 'string' ? parsed.html : '',
  ];
  for (const [key, value] of parsed.headers) out.push(`${key}: ${JSON.stringify(value)}`);
  for (const a of parsed.attachments) out.push(...(await attachmentViews(a, depth)));
  // Unfolded, so that a folded line cannot hide an address from the search.
  return out.join('\n').replace(/\r?\n[ \t]/g, '');
}

async function attachmentViews(a: Attachment, depth: number): Promise<string[]> {
  const views = [a.filename ?? '', a.contentId ?? '', a.cid ?? '', JSON.stringify([...a.headers])];
  views.push(a.content.toString('utf8'), a.content.toString('latin1'), a.content.toString('utf16le'));
  if (a.contentType === 'message/rfc822' && depth < 3) views.push(await everything(a.content, depth + 1));
  return views;
}

/** The spellings of an address a leak could take; the test looks for any of them. */
export function leakForms(address: string): string[] {
  const [local, domain] = address.toLowerCase().split('@');
  return [local, domain, local.replace(/\./g, '%2e'), domain.replace(/\./g, '%2e')];
}

export function leaksIn(text: string, addresses: string[]): string[] {
  const haystack = text.toLowerCase();
  return addresses.flatMap((a) => leakForms(a).filter((form) => haystack.includes(form)));
}

export function attachmentNamed(mail: ParsedMail, pattern: RegExp): Attachment | undefined {
  return mail.attachments.find((a) => pattern.test(a.filename ?? ''));
}
