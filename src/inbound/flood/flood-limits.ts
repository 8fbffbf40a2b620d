import { addressparser } from '../../common/nodemailer-lib';
import type { Programme } from '../../programs/entities/programme.entity';

/** A programme's flood and loop limits (see Programme). */
export type FloodLimits = Pick<
  Programme,
  'senderLimit' | 'pairingLimit' | 'loopLimit' | 'floodWindowMinutes'
>;

/** Stored emails in the window: from this sender (to any relay address), and to this relay address. */
export interface RecentCounts {
  bySender: number;
  byPairing: number;
}

/** Why an email is over a limit (the detail recorded with `rate_limited`), or null when it is not. */
export function overLimit(counts: RecentCounts, limits: FloodLimits): string | null {
  const window = `${limits.floodWindowMinutes} minutes`;
  if (counts.bySender >= limits.senderLimit) return `sender over ${limits.senderLimit} emails in ${window}`;
  if (counts.byPairing >= limits.pairingLimit)
    return `pairing over ${limits.pairingLimit} emails in ${window}`;
  return null;
}

/**
 * How many messages `sender` and the one other address it alternates with most have exchanged, in
 * the time order of `senders`: a message counts when it answers the other address's last one,
 * plus the first. An auto-responder pair alternates strictly (every message counts); one person
 * writing many emails in a row while the other answers once counts 2 or 3, and is the sender
 * limit's business, not a loop.
 */
export function exchanged(senders: string[], sender: string): { count: number; other: string | null } {
  const others = new Set(senders.filter((s) => s !== sender));
  let best = { count: 0, other: null as string | null };
  for (const other of others) {
    let count = 0;
    let last: string | null = null;
    for (const s of senders) {
      if (s !== sender && s !== other) continue;
      if (s !== last) count++;
      last = s;
    }
    if (count > best.count) best = { count, other };
  }
  return best;
}

const HEADER_SCAN_BYTES = 64 * 1024;

/**
 * The address the limits count: the envelope sender, else the first header From address. Read
 * from the raw header block without a full parse (this runs before the email is stored); null
 * when there is neither (the pairing limit still applies).
 */
export function senderOf(raw: Buffer, envelopeFrom: string | null): string | null {
  if (envelopeFrom) return envelopeFrom.toLowerCase();
  const head = raw.subarray(0, HEADER_SCAN_BYTES).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const unfolded = (end < 0 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const line = /^from:(.*)$/im.exec(unfolded);
  if (!line) return null;
  const first = addressparser(line[1], { flatten: true }).find((a) => a.address);
  return first ? first.address.toLowerCase() : null;
}
