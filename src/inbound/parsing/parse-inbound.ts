import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { tolerantRaw } from './tolerant-intake';

export interface ParsedInbound {
  mail: ParsedMail;
  /** Lower-cased From address, or null when there is none. */
  from: string | null;
  fromName: string | null;
  to: string[];
  cc: string[];
  subject: string | null;
  date: Date | null;
  /** Message-IDs without angle brackets. */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  text: string | null;
  html: string | null;
  attachments: Attachment[];
  autoSubmitted: string | null;
}

/** What made an email unreadable, in words the sender's notice can choose from. */
export type MalformedProblem = 'empty' | 'no_header_block' | 'no_from' | 'several_from' | 'unparseable';

export class MalformedEmailError extends Error {
  constructor(
    readonly detail: string,
    readonly problem: MalformedProblem = 'unparseable',
  ) {
    super(`malformed email: ${detail}`);
    this.name = 'MalformedEmailError';
  }
}

/** `<a@b> <c@d>` or an array of such: bare ids, in order, without duplicates. */
export function messageIds(value: string | string[] | undefined | null): string[] {
  const all = (Array.isArray(value) ? value : [value ?? '']).join(' ');
  const ids = [...all.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]);
  if (ids.length === 0 && all.trim() && !/\s/.test(all.trim())) ids.push(all.trim());
  return [...new Set(ids)];
}

function addresses(value: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const flat = list.flatMap((a) => a.value);
  const out: { address: string; name: string }[] = [];
  const walk = (entries: typeof flat) => {
    for (const e of entries) {
      if (e.group) walk(e.group);
      else if (e.address) out.push({ address: e.address.toLowerCase(), name: e.name ?? '' });
    }
  };
  walk(flat);
  return out;
}

/** PostgreSQL text cannot hold NUL; a stray NUL in a header or body must not make an email unstorable. */
export function clean<T extends string | null | undefined>(s: T): T {
  return (typeof s === 'string' ? s.split('\u0000').join('') : s) as T;
}

/** Whether the bytes start with something that looks like a header block at all. */
function hasHeaderBlock(raw: Buffer): boolean {
  const head = raw.subarray(0, 4096).toString('latin1');
  return /^[!-9;-~]+:[ \t]?/.test(head);
}

/**
 * Exactly one From header holding exactly one address (RFC 5322 §3.6: one From; several authors
 * need a Sender, which we do not relay). mailparser keeps only one of two From headers, and a
 * list would be relayed as its first address while DMARC, seeing several domains, answers
 * `none`: a way to pass as a member of a p=reject domain. So anything else is malformed.
 */
function singleFrom(mail: ParsedMail): { address: string; name: string } {
  const headers = mail.headerLines.filter((line) => line.key === 'from').length;
  if (headers > 1) throw new MalformedEmailError(`${headers} From headers`, 'several_from');
  const all = addresses(mail.from);
  if (all.length === 0) throw new MalformedEmailError('no From address', 'no_from');
  if (all.length > 1) throw new MalformedEmailError(`${all.length} addresses in From`, 'several_from');
  return all[0];
}

/**
 * Parses raw MIME with mailparser, after the repairs of tolerant-intake.ts (an mbox line, a BOM,
 * obsolete field-name syntax). mailparser accepts almost anything, so "malformed" here means what
 * we cannot work with: no header block, not exactly one From address, or a parser failure.
 */
export async function parseInbound(received: Buffer): Promise<ParsedInbound> {
  if (received.length === 0) throw new MalformedEmailError('empty message', 'empty');
  const raw = tolerantRaw(received);
  if (!hasHeaderBlock(raw)) throw new MalformedEmailError('no header block', 'no_header_block');
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, keepCidLinks: true });
  } catch (error) {
    throw new MalformedEmailError(`unparseable MIME: ${(error as Error).message}`);
  }
  const from = singleFrom(mail);
  const autoSubmitted = mail.headers.get('auto-submitted');
  return {
    mail,
    from: clean(from.address),
    fromName: clean(from.name) || null,
    to: addresses(mail.to).map((a) => clean(a.address)),
    cc: addresses(mail.cc).map((a) => clean(a.address)),
    subject: clean(mail.subject) ?? null,
    date: mail.date ?? null,
    messageId: clean(messageIds(mail.messageId)[0]) ?? null,
    inReplyTo: clean(messageIds(mail.inReplyTo)[0]) ?? null,
    references: messageIds(mail.references).map((id) => clean(id)),
    text: clean(mail.text) ?? null,
    html: typeof mail.html === 'string' ? clean(mail.html) : null,
    attachments: mail.attachments ?? [],
    autoSubmitted: typeof autoSubmitted === 'string' ? clean(autoSubmitted) : null,
  };
}
