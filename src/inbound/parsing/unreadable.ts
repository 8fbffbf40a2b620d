import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { headerBlock } from '../checks/unrelayable';
import { clean, messageIds } from './parse-inbound';
import { tolerantRaw } from './tolerant-intake';

/**
 * What can still be read of an email that parseInbound refused (malformed): its header block,
 * parsed without our one-From rule, so that its sender can be told what became of it.
 */
export interface UnreadableHeaders {
  /** The header block as mailparser reads it (for the auto-generated test), or null. */
  mail: ParsedMail | null;
  /** Every address of every From header, lower case, without duplicates. */
  fromAddresses: string[];
  subject: string | null;
  /** The Message-ID without angle brackets, or null. */
  messageId: string | null;
}

/** More From headers than this are not looked at: the notice needs one sender, not a list. */
const MAX_FROM_HEADERS = 5;

function addressesOf(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const out: string[] = [];
  const walk = (entries: AddressObject['value']) => {
    for (const e of entries) {
      if (e.group) walk(e.group);
      else if (e.address) out.push(e.address.toLowerCase());
    }
  };
  for (const a of list) walk(a.value);
  return out;
}

export async function readUnreadableHeaders(raw: Buffer): Promise<UnreadableHeaders> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(headerBlock(tolerantRaw(raw)), { skipTextToHtml: true });
  } catch {
    return { mail: null, fromAddresses: [], subject: null, messageId: null };
  }
  // mailparser keeps one of several From headers: each is read on its own.
  const fromLines = mail.headerLines.filter((h) => h.key === 'from').slice(0, MAX_FROM_HEADERS);
  const found: string[] = [];
  for (const { line } of fromLines) {
    const one = await simpleParser(Buffer.from(`${line}\r\n\r\n`)).catch(() => null);
    found.push(...addressesOf(one?.from));
  }
  return {
    mail,
    fromAddresses: [...new Set(found)],
    subject: clean(mail.subject) ?? null,
    messageId: clean(messageIds(mail.messageId)[0]) ?? null,
  };
}

/**
 * The member who sent an unreadable email, or null. With an envelope (SMTP, SES) it is the member
 * whose address the envelope is, provided any From names that member too: a From alone, which
 * anyone writes, does not pick whom we write to. Without one (the CLI) the From addresses must
 * name exactly one member. The notice policy then asks for an authenticated sender as well.
 */
export function unreadableSender<M extends { email: string; emailAliases: string[] }>(
  headers: Pick<UnreadableHeaders, 'fromAddresses'>,
  envelopeFrom: string | null,
  members: M[],
): M | null {
  const memberOf = (address: string) =>
    members.find((m) => m.email === address || m.emailAliases.includes(address)) ?? null;
  if (envelopeFrom === '') return null;
  if (envelopeFrom !== null) {
    const member = memberOf(envelopeFrom.toLowerCase());
    if (!member) return null;
    const froms = headers.fromAddresses;
    return froms.length === 0 || froms.some((a) => memberOf(a) === member) ? member : null;
  }
  const named = new Set(headers.fromAddresses.map(memberOf).filter((m): m is M => m !== null));
  return named.size === 1 ? [...named][0] : null;
}
