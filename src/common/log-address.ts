import { createHash } from 'node:crypto';

/**
 * An address as logs may show it: a short hash, the same for the same address (so lines about
 * one person can be followed) but never the address itself. Logs leave the database's access
 * rules behind, so no participant's real address is written there in clear.
 */
export function logAddress(address: string): string {
  return `addr:${createHash('sha256').update(address.trim().toLowerCase()).digest('hex').slice(0, 12)}`;
}
