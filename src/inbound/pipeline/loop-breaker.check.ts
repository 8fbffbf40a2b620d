import { Injectable } from '@nestjs/common';
import { exchanged } from '../flood/flood-limits';
import { FloodLimitsRepository } from '../flood/flood-limits.repository';
import { held, releasedFrom, type InboundCheck, type InboundContext } from './inbound-context';

/**
 * Two auto-responders (or forwarding rules) answering each other through a pairing write far
 * faster than people and vary their text, so no header or content check sees them. Past the
 * programme's `loopLimit` messages exchanged between the same two addresses within its window,
 * each further one is held (so the other side gets nothing to answer and the loop stops) and the
 * pairing shows on the needs-attention page.
 */
@Injectable()
export class LoopBreakerCheck implements InboundCheck {
  readonly name = 'pairing_loop';
  constructor(private readonly repo: FloodLimitsRepository) {}

  async run(ctx: InboundContext) {
    const { row, found } = ctx;
    if (!row.sender || !found) return null;
    // Staff looked at it and released it: the hold does not apply again.
    if (releasedFrom(row, 'pairing_loop')) return null;
    const { loopLimit, floodWindowMinutes } = found.programme;
    // Messages exchanged are a subset of the mail the pairing received in the window, which intake
    // counted under the pairing's lock: at or under the limit, no loop is possible and the query is
    // saved. (A racing intake can add a message or two to that window; a real loop goes on and
    // its next message is counted again, so it is held all the same.)
    if (row.pairingMailInWindow !== null && row.pairingMailInWindow <= loopLimit) return null;
    const senders = await this.repo.sendersBefore(row.id, row.recipient, floodWindowMinutes, ctx.tx);
    const { count, other } = exchanged(senders, row.sender);
    if (count <= loopLimit) return null;
    return held(
      'pairing_loop',
      `${count} messages between ${row.sender} and ${other} in ${floodWindowMinutes} minutes`,
    );
  }
}
