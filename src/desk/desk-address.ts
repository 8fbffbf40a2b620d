/**
 * The programme's own addresses, besides pairings' relay addresses:
 * - `join-<slug>@RELAY_DOMAIN`: anyone writes to join a programme that takes people in;
 * - `desk-<key>@RELAY_DOMAIN`: one person's desk, where the programme asks them things by email
 *   (confirm, questionnaire, choose a mentor, a survey) and their replies come back. The key is
 *   random (see randomKey), so a desk address names nobody and cannot be guessed.
 * A relay address can have the same shape (its prefix is a programme slug), so a pairing's relay
 * address is always looked up first (see DeskCheck).
 */
export type DeskAddress = { kind: 'join'; slug: string } | { kind: 'desk'; key: string };

const PATTERN = /^(join|desk)-([a-z0-9][a-z0-9-]*)@(.+)$/;

export function parseDeskAddress(address: string, relayDomain: string): DeskAddress | null {
  const match = PATTERN.exec(address.trim().toLowerCase());
  if (!match || match[3] !== relayDomain.toLowerCase()) return null;
  return match[1] === 'join' ? { kind: 'join', slug: match[2] } : { kind: 'desk', key: match[2] };
}

export function deskAddress(key: string, relayDomain: string): string {
  return `desk-${key}@${relayDomain.toLowerCase()}`;
}

export function joinAddress(slug: string, relayDomain: string): string {
  return `join-${slug.toLowerCase()}@${relayDomain.toLowerCase()}`;
}
