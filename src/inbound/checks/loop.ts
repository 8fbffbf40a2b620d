import type { ParsedMail } from 'mailparser';
import { addressesOf, domainPart, hasHeader, isSameOrSubdomain, localPart } from './headers';

export interface LoopCheckOptions {
  /** The domain our relay addresses live on, e.g. `relay.mentormail.example`; subdomains count too. */
  relayDomain: string;
  /** Our other sending addresses (`notices@…`, the digest sender), compared case-insensitively. */
  ownAddresses: string[];
  /** The header we stamp on everything we send, e.g. `x-mentormail-loop`. */
  loopHeader: string;
}

/**
 * Recognises mail that we sent ourselves coming back in: a relay address aimed at another relay
 * address, a partner's auto-forward to their relay address, or a notice that bounced into intake.
 * Relaying it again would ping-pong between two relay addresses forever (research §4 item 7), so
 * it is dropped silently, without a rejection notice (which would itself loop).
 *
 * Returns a short detail for the admin view, or null. A participant's reply is never caught: their
 * client writes a fresh Message-ID on their own domain and does not copy our headers.
 */
export function detectLoop(mail: ParsedMail, opts: LoopCheckOptions): string | null {
  if (hasHeader(mail, opts.loopHeader)) return 'loop-header';

  // We mint every outgoing Message-ID on the relay domain; only we should ever send one.
  if (mail.messageId && isSameOrSubdomain(domainPart(mail.messageId), opts.relayDomain)) {
    return 'message-id:relay-domain';
  }

  const own = new Set(opts.ownAddresses.map(normalise));
  for (const address of addressesOf(mail.from)) {
    if (isSameOrSubdomain(domainPart(address), opts.relayDomain)) return 'from:relay-domain';
    if (own.has(normalise(address))) return 'from:own-address';
  }
  return null;
}

/** `Notices+Week3@MentorMail.example` and `notices@mentormail.example` are the same mailbox. */
function normalise(address: string): string {
  return `${localPart(address)}@${domainPart(address)}`;
}
