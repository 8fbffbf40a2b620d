import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = 0;

/**
 * Bytes from the CSPRNG, drawn from a pool refilled 4 KiB at a time (as Node's randomUUID does):
 * each call into OpenSSL checks for a fork with a system call, which costs more here than the key.
 */
function pooledRandomBytes(bytes: number): Buffer {
  if (bytes > POOL_BYTES) return randomBytes(bytes);
  if (used + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  used += bytes;
  return pool.subarray(used - bytes, used);
}

/** Lower-case base32 of random bytes: no vowels-only words by design, case-insensitive in mail. */
export function randomKey(bytes = 13): string {
  const data = pooledRandomBytes(bytes);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of data) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * SpamAssassin's FROM_LOCAL_NOVOWEL adds points to mail whose From local part has seven of these
 * letters in a row, as about one random key in five does. Every email a pairing gets is From its
 * relay address, so that would be a lasting penalty.
 */
const NOVOWEL_RUN = /[bcdfgjklmnpqrstvwxz]{7}/;

/**
 * A random key for an address people see in From: drawn again while it has such a run. Refusing
 * one draw in five costs about a third of a bit of the key's 104.
 */
export function addressKey(): string {
  for (;;) {
    const key = randomKey();
    if (!NOVOWEL_RUN.test(key)) return key;
  }
}

/**
 * A pairing's relay address: `<prefix>-<key>@<domain>`. The prefix names the programme (never a
 * person) and the key carries 104 random bits, so addresses cannot be guessed or enumerated.
 */
export function makeRelayAddress(programmeSlug: string, domain: string): string {
  const prefix =
    programmeSlug
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '')
      .slice(0, 16) || 'pair';
  return `${prefix}-${addressKey()}@${domain.toLowerCase()}`;
}

export function slugify(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|(?<!-)-+$/g, '')
      .slice(0, 40) || 'programme'
  );
}

/**
 * Why `address` cannot be a participant's own, or null when it can: an address on the relay
 * domain (or below it), or one of our own senders, would send every relay and prompt back into
 * the relay, a loop that no one reads.
 */
export function ownAddressProblem(
  address: string,
  relayDomain: string,
  ownAddresses: string[] = [],
): string | null {
  const email = address.trim().toLowerCase();
  const domain = email.slice(email.lastIndexOf('@') + 1);
  const relay = relayDomain.toLowerCase();
  if (domain === relay || domain.endsWith(`.${relay}`))
    return `${email} is on the relay domain ${relay}; a participant needs their own mailbox`;
  if (ownAddresses.some((own) => own.toLowerCase() === email))
    return `${email} is MentorMail's own address; a participant needs their own mailbox`;
  return null;
}
