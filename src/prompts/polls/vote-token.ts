import { LOWER_UUID, signPayload, signatureMatches } from '../../common/signed-token';

const PURPOSE = 'poll-vote:v1:';
/** Whole numbers as we write them: no sign, no leading zero, no exponent. */
const CANONICAL_INT = /^(?:0|[1-9]\d{0,11})$/;

/** What a one-tap vote link says: this person chooses this option of this poll, until then. */
export interface VoteClaim {
  /** The issued poll: a pairing_prompts id. */
  pairingPromptId: string;
  participantId: string;
  /** Zero-based, as stored in poll_votes. */
  optionIndex: number;
  expiresAt: Date;
}

/** `<poll>.<participant>.<option>.<expiry, unix seconds>.<128-bit HMAC, base64url>` */
export function signVoteToken(secret: string, claim: VoteClaim): string {
  const payload = [
    claim.pairingPromptId,
    claim.participantId,
    claim.optionIndex,
    Math.floor(claim.expiresAt.getTime() / 1000),
  ].join('.');
  return `${payload}.${signPayload(secret, PURPOSE, payload)}`;
}

/** The claim when the token is ours and intact, expired or not (the caller tells which); else null. */
export function verifyVoteToken(secret: string, token: string): VoteClaim | null {
  const parts = token.split('.');
  if (parts.length !== 5) return null;
  const [pairingPromptId, participantId, option, expires, signature] = parts;
  if (!LOWER_UUID.test(pairingPromptId) || !LOWER_UUID.test(participantId)) return null;
  if (!CANONICAL_INT.test(option) || !CANONICAL_INT.test(expires)) return null;
  if (!signatureMatches(secret, PURPOSE, parts.slice(0, 4).join('.'), signature)) return null;
  return {
    pairingPromptId,
    participantId,
    optionIndex: Number(option),
    expiresAt: new Date(Number(expires) * 1000),
  };
}
