import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { FloodLimits, RecentCounts } from './flood-limits';

/** Rows older than this are never read for a loop, whatever a programme's window says. */
const EXCHANGE_ROWS = 1000;

/**
 * The counts behind the flood and loop limits, over `inbound_emails` (indexed by sender and by
 * recipient over time) in PostgreSQL's own clock, so every process and host counts the same rows.
 * Duplicates (a provider's redelivery) are not new mail and never count.
 */
@Injectable()
export class FloodLimitsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The limits of the programme whose active pairing owns `recipient` (and that pairing), or null for any other
   * address. Inside `tx` it also takes the sender's and then the pairing's advisory lock (always
   * in that order, two key spaces: no deadlock), so a count and the insert that follows are
   * atomic against every other intake of the same sender or pairing until the commit. Without a
   * sender (a null envelope and no From) only the pairing is locked: the functions are strict.
   */
  async limitsFor(
    recipient: string,
    sender: string | null,
    tx?: EntityManager,
  ): Promise<(FloodLimits & { pairingId: string }) | null> {
    const rows: (FloodLimits & { pairingId: string })[] = await (tx ?? this.dataSource.manager).query(
      `SELECT p.id AS "pairingId", g.sender_limit AS "senderLimit", g.pairing_limit AS "pairingLimit",
              g.loop_limit AS "loopLimit", g.flood_window_minutes AS "floodWindowMinutes"
              ${tx ? `, pg_advisory_xact_lock(1, hashtext($2)), pg_advisory_xact_lock(2, hashtext($1))` : ''}
         FROM pairings p JOIN programmes g ON g.id = p.programme_id
        WHERE p.relay_address = $1 AND p.status = 'active'`,
      tx ? [recipient.toLowerCase(), sender] : [recipient.toLowerCase()],
    );
    return rows[0] ?? null;
  }

  /**
   * What SMTP's RCPT needs, in one round trip: whether `recipient` is any pairing's relay address
   * (paused and ended ones too: they still answer mail), and for an active pairing its limits and
   * the counts in its window. Three statements on the path of every RCPT before.
   */
  async atRcpt(
    recipient: string,
    sender: string | null,
  ): Promise<{ relay: boolean; limits: FloodLimits | null; counts: RecentCounts | null }> {
    const [row]: (FloodLimits & RecentCounts & { relay: boolean; active: boolean })[] =
      await this.dataSource.manager.query(
        `SELECT EXISTS (SELECT 1 FROM pairings WHERE relay_address = $1) AS relay,
                l.pairing_id IS NOT NULL AS active,
                l.sender_limit AS "senderLimit", l.pairing_limit AS "pairingLimit",
                l.loop_limit AS "loopLimit", l.flood_window_minutes AS "floodWindowMinutes",
                (SELECT count(*)::int FROM inbound_emails
                  WHERE l.pairing_id IS NOT NULL AND sender = $2
                    AND received_at > now() - make_interval(mins => l.flood_window_minutes)
                    AND duplicate_of IS NULL) AS "bySender",
                (SELECT count(*)::int FROM inbound_emails
                  WHERE l.pairing_id IS NOT NULL AND recipient = $1
                    AND received_at > now() - make_interval(mins => l.flood_window_minutes)
                    AND duplicate_of IS NULL) AS "byPairing"
           FROM (SELECT 1) AS one
           LEFT JOIN LATERAL (
                SELECT p.id AS pairing_id, g.sender_limit, g.pairing_limit, g.loop_limit, g.flood_window_minutes
                  FROM pairings p JOIN programmes g ON g.id = p.programme_id
                 WHERE p.relay_address = $1 AND p.status = 'active') l ON true`,
        [recipient.toLowerCase(), sender],
      );
    if (!row.active) return { relay: row.relay, limits: null, counts: null };
    const { senderLimit, pairingLimit, loopLimit, floodWindowMinutes, bySender, byPairing } = row;
    return {
      relay: true,
      limits: { senderLimit, pairingLimit, loopLimit, floodWindowMinutes },
      counts: { bySender, byPairing },
    };
  }

  /** Emails stored in the last `minutes` from `sender` (to any address) and to `recipient`. */
  async recent(
    sender: string | null,
    recipient: string,
    minutes: number,
    tx?: EntityManager,
  ): Promise<RecentCounts> {
    const [row] = (await (tx ?? this.dataSource.manager).query(
      `SELECT (SELECT count(*)::int FROM inbound_emails
                WHERE sender = $1 AND received_at > now() - make_interval(mins => $3)
                  AND duplicate_of IS NULL) AS "bySender",
              (SELECT count(*)::int FROM inbound_emails
                WHERE recipient = $2 AND received_at > now() - make_interval(mins => $3)
                  AND duplicate_of IS NULL) AS "byPairing"`,
      [sender, recipient.toLowerCase(), minutes],
    )) as RecentCounts[];
    return row;
  }

  /**
   * The senders of the emails to `recipient` in the `minutes` up to and including the email
   * `inboundId`, oldest first: the sequence a loop shows up in.
   */
  async sendersBefore(
    inboundId: string,
    recipient: string,
    minutes: number,
    tx: EntityManager,
  ): Promise<string[]> {
    const sql = `SELECT e.sender FROM inbound_emails e, inbound_emails self
                  WHERE self.id = $1 AND e.recipient = $2 AND e.sender IS NOT NULL
                    AND e.duplicate_of IS NULL
                    AND e.received_at > self.received_at - make_interval(mins => $3)
                    AND (e.received_at, e.id) <= (self.received_at, self.id)
                  ORDER BY e.received_at DESC, e.id DESC LIMIT ${EXCHANGE_ROWS}`;
    const rows: { sender: string }[] = await tx.query(sql, [inboundId, recipient, minutes]);
    return rows.map((r) => r.sender).reverse();
  }
}
