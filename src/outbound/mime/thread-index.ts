import { createHash } from 'node:crypto';

/**
 * Outlook's Thread-Index header (PidTagConversationIndex, MS-OXOMSG 2.2.1.3). Outlook groups
 * conversations by this and Thread-Topic and largely ignores References on non-Exchange mail,
 * so without it a relayed conversation falls apart there.
 *
 * Layout: a 22-byte header block (0x01, the top 40 bits of a FILETIME, a 16-byte GUID) followed by
 * one 5-byte block per reply level (1-bit delta code, 31-bit time delta from the header time,
 * 4 random bits, 4 bits of sequence). Everything here is derived from its inputs, never from the
 * clock or a random source, so every message of a thread computes the same values on any worker.
 */

const HEADER_BYTES = 22;
const CHILD_BYTES = 5;

// FILETIME counts 100 ns ticks since 1601-01-01; the Unix epoch is 11,644,473,600 s later.
const EPOCH_DIFF_MS = 11_644_473_600_000n;
const TICKS_PER_MS = 10_000n;

/** Thrown when a stored Thread-Index cannot be extended; a programming or data error. */
export class InvalidThreadIndexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidThreadIndexError';
  }
}

function fileTime(date: Date): bigint {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new InvalidThreadIndexError('invalid date');
  const ticks = (BigInt(ms) + EPOCH_DIFF_MS) * TICKS_PER_MS;
  return ticks < 0n ? 0n : ticks;
}

/** A GUID (RFC 9562 version 8, "custom") from SHA-256 of the thread's root id. */
function threadGuid(seedId: string): Buffer {
  const guid = createHash('sha256').update(seedId, 'utf8').digest().subarray(0, 16);
  guid[6] = (guid[6] & 0x0f) | 0x80;
  guid[8] = (guid[8] & 0x3f) | 0x80;
  return guid;
}

/** The Thread-Index of a thread's first message: 22 bytes, base64. */
export function threadIndexRoot(date: Date, seedId: string): string {
  const header = Buffer.alloc(HEADER_BYTES);
  header[0] = 0x01;
  // The 24 least significant bits (about 1.7 s) are dropped; what remains fits in 40 bits.
  const top40 = (fileTime(date) >> 24n) & 0xff_ffff_ffffn;
  Buffer.from(top40.toString(16).padStart(10, '0'), 'hex').copy(header, 1);
  threadGuid(seedId).copy(header, 6);
  return header.toString('base64');
}

function decode(index: string): Buffer {
  const bytes = Buffer.from(index, 'base64');
  if (
    bytes.toString('base64') !== index ||
    bytes.length < HEADER_BYTES ||
    (bytes.length - HEADER_BYTES) % CHILD_BYTES !== 0 ||
    bytes[0] !== 0x01
  ) {
    throw new InvalidThreadIndexError('not a Thread-Index');
  }
  return bytes;
}

/** The header block's time, as a FILETIME with its low 24 bits zero. */
export function threadIndexTime(index: string): Date {
  const bytes = decode(index);
  const ticks = BigInt('0x' + bytes.subarray(1, 6).toString('hex')) << 24n;
  return new Date(Number(ticks / TICKS_PER_MS - EPOCH_DIFF_MS));
}

/**
 * The Thread-Index of a reply: the parent's index plus one 5-byte block. `parentDate` keeps a
 * reply from sorting before its parent when the clocks of two senders disagree.
 */
export function threadIndexChild(parentIndex: string, parentDate: Date, childDate: Date): string {
  const parent = decode(parentIndex);
  const headerTicks = BigInt('0x' + parent.subarray(1, 6).toString('hex')) << 24n;
  const childTicks = fileTime(childDate > parentDate ? childDate : parentDate);
  const delta = childTicks > headerTicks ? childTicks - headerTicks : 0n;

  // Delta code 0: the delta is under 2^49 ticks (about 1.78 years), keep bits 18..48;
  // delta code 1: keep bits 23..53.
  const longDelta = delta >> 49n !== 0n;
  const timeDiff = (delta >> (longDelta ? 23n : 18n)) & 0x7fff_ffffn;

  // The "random" nibble, made deterministic: same parent and time, same block.
  const random = createHash('sha256').update(`${parentIndex}|${childTicks}`).digest()[0] & 0x0f;
  const block = ((longDelta ? 1n : 0n) << 39n) | (timeDiff << 8n) | (BigInt(random) << 4n);

  const child = Buffer.alloc(CHILD_BYTES);
  child.writeUInt8(Number(block >> 32n), 0);
  child.writeUInt32BE(Number(block & 0xffff_ffffn), 1);
  return Buffer.concat([parent, child]).toString('base64');
}
