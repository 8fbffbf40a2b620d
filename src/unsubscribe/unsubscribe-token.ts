import { LOWER_UUID, signPayload, signatureMatches } from '../common/signed-token';

const PURPOSE = 'unsubscribe:v1:';

/** `<participant id>.<128-bit HMAC, base64url>`: needs no lookup table and no login to use. */
export function signUnsubscribeToken(secret: string, participantId: string): string {
  return `${participantId}.${signPayload(secret, PURPOSE, participantId)}`;
}

/** The participant id when the token is ours and intact; null otherwise (compared in constant time). */
export function verifyUnsubscribeToken(secret: string, token: string): string | null {
  const dot = token.indexOf('.');
  if (dot < 0) return null;
  const participantId = token.slice(0, dot);
  if (!LOWER_UUID.test(participantId)) return null;
  return signatureMatches(secret, PURPOSE, participantId, token.slice(dot + 1)) ? participantId : null;
}
