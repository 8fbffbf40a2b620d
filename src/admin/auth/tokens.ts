import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_BYTES = 32;
/** 32 bytes in unpadded base64url: 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
export const API_TOKEN_PREFIX = 'mmst_';

/** 256 random bits, URL-safe: session ids, CSRF tokens, API tokens. */
export function randomToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * Exactly the spelling randomToken writes: base64url, no padding, no `+` or `/`, nothing after
 * it, and the last character's spare bits zero (a decoder ignores them, so `...A` and `...B` can
 * name the same bytes). One token, one form: nothing that merely decodes alike is accepted.
 */
export function isCanonicalToken(value: string): boolean {
  return TOKEN_SHAPE.test(value) && Buffer.from(value, 'base64url').toString('base64url') === value;
}

export function isCanonicalApiToken(value: string): boolean {
  return value.startsWith(API_TOKEN_PREFIX) && isCanonicalToken(value.slice(API_TOKEN_PREFIX.length));
}

/** Only hashes are stored, so the database never holds a usable cookie or token. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function sameToken(a: unknown, b: string): boolean {
  if (typeof a !== 'string') return false;
  // Compare bytes, not characters: a same-length string with non-ASCII characters has more
  // bytes, and timingSafeEqual throws on buffers of different lengths.
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
