import { simpleParser, type AddressObject } from 'mailparser';
import { MailComposer } from '../../common/nodemailer-lib';
import { maskAddresses } from '../../outbound/mime/mask-addresses';
import { serializeMime } from '../../outbound/mime/serialize-mime';
import { randomKey } from '../../programs/relay-address';

/** The address that stands in for every address in the headers of a forwarded email. */
export function hiddenHeaderAddress(ourDomain: string): string {
  return `address-hidden@${ourDomain}`;
}

/**
 * An attached email (message/rfc822), rebuilt rather than copied: its headers name the author
 * (From, Reply-To, Return-Path, Received, DKIM-Signature, Message-ID at their host) and its parts
 * may be anything. What is kept is what a reader needs, masked like a body: the names (not the
 * addresses) of From, To and Cc, the subject, the date and the text. Its own attachments are
 * left out and counted in the text; its HTML is not reused (the relay never reuses inbound HTML,
 * so no script or tracking pixel survives), its text is, as mailparser derives it when there
 * is no plain part.
 */
export async function rewriteForwardedEmail(content: Buffer, ourDomain: string): Promise<Buffer> {
  const mail = await simpleParser(content, { skipImageLinks: true, skipTextToHtml: true });
  const mask = (s: string | undefined) => maskAddresses(s ?? '', { ourDomain });
  const address = hiddenHeaderAddress(ourDomain);
  const people = (value: AddressObject | AddressObject[] | undefined) =>
    (Array.isArray(value) ? value : value ? [value] : [])
      .flatMap((a) => a.value)
      .flatMap((e) => (e.group ? e.group : [e]))
      .map((e) => ({ name: mask(e.name), address }));
  const left = mail.attachments.length;
  const text = [
    mask(mail.text).trimEnd(),
    ...(left > 0 ? [`[${left} attachment${left === 1 ? '' : 's'} of this email not relayed]`] : []),
  ].join('\n\n');
  const to = people(mail.to);
  const cc = people(mail.cc);
  const composer = new MailComposer({
    from: people(mail.from)[0] ?? { name: '', address },
    to: to.length ? to : undefined,
    cc: cc.length ? cc : undefined,
    subject: mask(mail.subject),
    date: mail.date ?? undefined,
    messageId: `<${randomKey(16)}@${ourDomain}>`,
    text: `${text}\n`,
    disableFileAccess: true,
    disableUrlAccess: true,
    newline: 'windows',
    boundaryPrefix: '--=_mm',
    xMailer: false,
  });
  return serializeMime(composer.compile());
}
