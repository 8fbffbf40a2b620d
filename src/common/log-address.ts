import { createHmac } from 'node:crypto';

/**
 * An address as logs may show it: a short HMAC under the app's secret, the same for the same
 * address (so lines about one person can be followed) but never the address itself, and not
 * confirmable by hashing a guess. Logs leave the database's access rules behind, so no
 * participant's real address is written there in clear.
 */
export function logAddress(address: string, secret: string): string {
  const mac = createHmac('sha256', secret).update(address.trim().toLowerCase()).digest('hex');
  return `addr:${mac.slice(0, 12)}`;
}
