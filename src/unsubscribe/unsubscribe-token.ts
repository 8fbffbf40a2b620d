import { createHmac, timingSafeEqual } from 'node:crypto';

const PURPOSE = 'unsubscribe:v1:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function signature(secret: string, participantId: string): Buffer {
  // A purpose prefix, so a signature made for anything else with the same secret never fits here.
  return createHmac('sha256', secret)
    .update(PURPOSE + participantId)
    .digest()
    .subarray(0, 16);
}

/** `<participant id>.<128-bit HMAC, base64url>`: needs no lookup table and no login to use. */
export function signUnsubscribeToken(secret: string, participantId: string): string {
  return `${participantId}.${signature(secret, participantId).toString('base64url')}`;
}

/** The participant id when the token is ours and intact; null otherwise (compared in constant time). */
export function verifyUnsubscribeToken(secret: string, token: string): string | null {
  const dot = token.indexOf('.');
  if (dot < 0) return null;
  // Ids are signed lower-case; an upper-case spelling is another token, not the same one.
  const participantId = token.slice(0, dot);
  if (!UUID.test(participantId)) return null;
  const encoded = token.slice(dot + 1);
  const given = Buffer.from(encoded, 'base64url');
  // Base64 is lenient (spare low bits of the last character are ignored): accept only the one
  // canonical spelling, so a token has exactly one valid form.
  if (given.toString('base64url') !== encoded) return null;
  const expected = signature(secret, participantId);
  return given.length === expected.length && timingSafeEqual(given, expected) ? participantId : null;
}
