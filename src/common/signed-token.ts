import { createHmac, timingSafeEqual } from 'node:crypto';

/** Ids are signed in lower case; an upper-case spelling is another token, not the same one. */
export const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function mac(secret: string, purpose: string, payload: string): Buffer {
  // A purpose prefix, so a signature made for anything else with the same secret never fits here.
  return createHmac('sha256', secret)
    .update(purpose + payload)
    .digest()
    .subarray(0, 16);
}

/**
 * The signature of a link's payload: 128 bits of HMAC-SHA256 under APP_SECRET, base64url. Links
 * that carry it (unsubscribe, one-tap votes) need no lookup table and no login.
 */
export function signPayload(secret: string, purpose: string, payload: string): string {
  return mac(secret, purpose, payload).toString('base64url');
}

/** Whether `encoded` is the signature of the payload, in its one canonical spelling (constant time). */
export function signatureMatches(secret: string, purpose: string, payload: string, encoded: string): boolean {
  const given = Buffer.from(encoded, 'base64url');
  // Base64 is lenient (spare low bits of the last character are ignored): accept only the one
  // canonical spelling, so a token has exactly one valid form.
  if (given.toString('base64url') !== encoded) return false;
  const expected = mac(secret, purpose, payload);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
