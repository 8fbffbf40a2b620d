import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe: session ids, CSRF tokens, API tokens. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only hashes are stored, so the database never holds a usable cookie or token. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function sameToken(a: unknown, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
