import { timingSafeEqual } from 'node:crypto';

/**
 * Per-delivery return paths (VERP): every email we send carries the envelope sender
 * `bounce-<delivery id, 32 hex>-<bounce token>@RELAY_DOMAIN`. A delivery report is believed only
 * when it arrives at such an address and the token matches that delivery: then it provably
 * concerns a message we sent, and it may only affect that delivery's recipient. Anyone can mail a
 * DSN naming a participant to a relay address; nobody but the receiving MTA knows the token.
 * The local part stays within RFC 5321's 64 octets (7 + 32 + 1 + 20).
 */
export interface BounceAddress {
  deliveryId: string;
  token: string;
}

const LOCAL = /^bounce-([0-9a-f]{32})-([0-9a-f]{8,64})$/;

export function bounceAddress(delivery: { id: string; bounceToken: string }, relayDomain: string): string {
  return `bounce-${delivery.id.replace(/-/g, '')}-${delivery.bounceToken}@${relayDomain}`;
}

/**
 * The delivery id and token of a well-formed return path of ours, or null. The shape is strict
 * on purpose: a relay address is `<programme slug>-<key>`, and a programme called "Bounce" must
 * not turn its pairings' mail into delivery reports.
 */
export function parseBounceAddress(address: string, relayDomain: string): BounceAddress | null {
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1).toLowerCase() !== relayDomain.toLowerCase()) return null;
  const match = LOCAL.exec(address.slice(0, at).toLowerCase());
  if (!match) return null;
  const hex = match[1];
  const deliveryId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { deliveryId, token: match[2] };
}

/** Compares a presented token with the stored one without leaking, by timing, how much matched. */
export function bounceTokenMatches(presented: string, stored: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}
