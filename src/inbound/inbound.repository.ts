import type { JsonObject } from '../database/json';
import { Injectable } from '@nestjs/common';
import type { QueryConfig } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { DatabaseToolkit } from '../database/database-toolkit';
import { keyedStatusIs } from '../database/keyed-status';
import { sweepPage, type SweepCursor, type SweepSource } from '../database/sweep-cursor';
import { entityFromRow, type JsonRow } from '../database/json-rows';
import {
  type PairingJson,
  type PairingWithMembers,
  pairingWithMembersFromJson,
  pairingWithMembersSql,
} from '../programs/pairing-with-members';
import { InboundEmail, type InboundReason, type InboundStatus } from './entities/inbound-email.entity';

export interface ReceivedEmail {
  source: InboundEmail['source'];
  raw: Buffer;
  recipient: string;
  envelopeFrom: string | null;
  dedupeKey: string;
  auth?: Record<string, string> | null;
  transportMeta?: JsonObject | null;
  /** The address the flood limits count (see `senderOf`). */
  sender?: string | null;
  /** Emails to the pairing in its flood window, this one included, as intake counted them. */
  pairingMailInWindow?: number | null;
}

/** What processing learned about an email, stored with its outcome. */
export interface FinishFacts {
  fromAddress?: string | null;
  subject?: string | null;
  messageId?: string | null;
  pairingId?: string | null;
  auth?: Record<string, string> | null;
}

export interface Outcome {
  status: Exclude<InboundStatus, 'received'>;
  reason: InboundReason;
  detail?: string | null;
  /** A second delivery of an email already processed: that email's id. */
  duplicateOf?: string;
}

export interface ReceivedRow {
  email: InboundEmail;
  /** The pairing whose relay address received it, or null. */
  pairing: PairingWithMembers | null;
}

const UNFINISHED: SweepSource = {
  table: 'inbound_emails',
  columns: 'attempts',
  where: "status = 'received' AND received_at < $1",
  time: 'received_at',
};

@Injectable()
export class InboundRepository {
  /**
   * The email's columns as JSON name the entity's columns, the raw mail apart: `to_jsonb(e) -
   * 'raw'` decompressed the raw mail and wrote it out as hex inside the JSON only to drop it. Built
   * from TypeORM's metadata, so it cannot drift from the entity.
   */
  private readonly readReceivedSql: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly db: DatabaseToolkit,
  ) {
    this.readReceivedSql = `SELECT e.raw,
                (SELECT to_json(c) FROM (SELECT ${this.dataSource
                  .getMetadata(InboundEmail)
                  .columns.map((c) => c.databaseName)
                  .filter((name) => name !== 'raw')
                  .map((name) => `e."${name}"`)
                  .join(', ')}) c)::text AS email,
                (${pairingWithMembersSql('p.relay_address = e.recipient')})::text AS pairing
           FROM inbound_emails e
          WHERE e.id = ANY($1::uuid[]) AND ${keyedStatusIs('e', 'received')}`;
  }

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /**
   * Stores a received email (in `tx` when given). When its dedupe key was seen before, a small
   * `duplicate` record pointing at the original is written instead (no second copy of the raw
   * bytes). `hold` stores it already decided (over a flood limit at a door that cannot refuse),
   * with its pairing so staff see it there.
   */
  async insertReceived(
    email: ReceivedEmail,
    hold: { outcome: Outcome; pairingId: string | null } | null = null,
    tx?: EntityManager,
  ): Promise<{ id: string; duplicateOf: string | null }> {
    const query: QueryConfig = {
      name: 'inbound-insert-received',
      text: `INSERT INTO inbound_emails
               (source, raw, size, recipient, envelope_from, dedupe_key, auth, transport_meta, sender,
                status, reason, detail, pairing_id, processed_at, pairing_mail_in_window)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10, 'received'), $11, $12, $13::uuid,
                     CASE WHEN $10::text IS NULL THEN NULL ELSE now() END, $14)
             ON CONFLICT DO NOTHING RETURNING id`,
      values: [
        email.source,
        email.raw,
        email.raw.length,
        email.recipient.toLowerCase(),
        email.envelopeFrom?.toLowerCase() ?? null,
        email.dedupeKey,
        email.auth ? JSON.stringify(email.auth) : null,
        email.transportMeta ? JSON.stringify(email.transportMeta) : null,
        email.sender ?? null,
        hold?.outcome.status ?? null,
        hold?.outcome.reason ?? null,
        hold?.outcome.detail ?? null,
        hold?.pairingId ?? null,
        email.pairingMailInWindow ?? null,
      ],
    };
    const { rows } = await (await this.db.client(tx)).query<{ id: string }>(query);
    const row = rows[0];
    if (row) return { id: row.id, duplicateOf: null };
    return this.recordDuplicate(email);
  }

  /**
   * Stores a received email in one round trip when it is under its pairing's flood limits (or
   * not to a pairing at all), counting and inserting under the same advisory locks as a
   * transaction with limitsFor and recent would (see the ReceiveInboundEmail migration). Over a
   * limit nothing is stored, and the caller decides in that transaction instead.
   */
  async receiveUnderLimits(
    email: ReceivedEmail,
  ): Promise<{ id: string; duplicateOf: string | null } | 'over_limit'> {
    const { rows } = await this.db
      .pool()
      .query<{ outcome: 'stored' | 'duplicate' | 'over_limit'; id: string }>({
        name: 'inbound-receive-under-limits',
        text: 'SELECT outcome, id FROM receive_inbound_email($1, $2, $3, $4, $5, $6, $7, $8)',
        values: [
          email.source,
          email.raw,
          email.recipient.toLowerCase(),
          email.envelopeFrom?.toLowerCase() ?? null,
          email.dedupeKey,
          email.auth ? JSON.stringify(email.auth) : null,
          email.transportMeta ? JSON.stringify(email.transportMeta) : null,
          email.sender ?? null,
        ],
      });
    const { outcome, id } = rows[0];
    if (outcome === 'over_limit') return outcome;
    return outcome === 'stored' ? { id, duplicateOf: null } : this.recordDuplicate(email);
  }

  /** The same mail again: a small `duplicate` record pointing at the original, no second copy of the raw bytes. */
  private async recordDuplicate(email: ReceivedEmail): Promise<{ id: string; duplicateOf: string }> {
    const original = await this.m().findOneByOrFail(InboundEmail, { dedupeKey: email.dedupeKey });
    const dup = await this.m().save(
      InboundEmail,
      this.m().create(InboundEmail, {
        source: email.source,
        raw: null,
        size: email.raw.length,
        recipient: email.recipient.toLowerCase(),
        envelopeFrom: email.envelopeFrom?.toLowerCase() ?? null,
        sender: email.sender ?? null,
        dedupeKey: null,
        duplicateOf: original.id,
        status: 'ignored',
        reason: 'duplicate',
        detail: `same as ${original.id}`,
        processedAt: new Date(),
      }),
    );
    return { id: dup.id, duplicateOf: original.id };
  }

  /**
   * The emails among `ids` still waiting to be processed, without a lock (the outcome is written
   * later only if the email is still `received`). The pairing of each recipient (relay) address,
   * with programme and members, comes in the same round trip.
   */
  async readReceived(ids: string[]): Promise<ReceivedRow[]> {
    const { rows } = await this.db
      .pool()
      .query<{ raw: Buffer | null; email: string; pairing: string | null }>({
        name: 'inbound-read-received-v3',
        text: this.readReceivedSql,
        // Text results, the raw mail as hex: node-postgres reads every field of a row as a UTF-8
        // string, binary ones too, so a binary bytea lost every byte that is not UTF-8 (an 8-bit
        // Latin-1 body came back as U+FFFD). The other columns come as JSON text, read below.
        values: [ids],
      });
    const manager = this.m();
    return rows.map((row) => ({
      email: Object.assign(entityFromRow(manager, InboundEmail, JSON.parse(row.email) as JsonRow), {
        raw: row.raw,
      }),
      pairing: row.pairing
        ? pairingWithMembersFromJson(manager, JSON.parse(row.pairing) as PairingJson)
        : null,
    }));
  }

  /** Locks the email for the rest of the transaction if it is still `received`; false otherwise. */
  async lockIfReceived(id: string, tx: EntityManager): Promise<boolean> {
    const client = await this.db.client(tx);
    const { rowCount } = await client.query({
      name: 'inbound-lock-if-received-v2',
      text: `SELECT 1 FROM inbound_emails i WHERE i.id = $1 AND ${keyedStatusIs('i', 'received')} FOR UPDATE`,
      values: [id],
    });
    return rowCount === 1;
  }

  /** Records the outcome (under `lockIfReceived`); `facts` null (giving up) leaves what an earlier run stored. */
  async finish(id: string, outcome: Outcome, facts: FinishFacts | null, tx: EntityManager): Promise<void> {
    const client = await this.db.client(tx);
    await client.query({
      name: 'inbound-finish-v2',
      text: `UPDATE inbound_emails
                SET status = $2, reason = $3, detail = $4, processed_at = now(),
                    duplicate_of = coalesce($12::uuid, duplicate_of),
                    from_address = CASE WHEN $9 THEN $5 ELSE from_address END,
                    subject = CASE WHEN $9 THEN $6 ELSE subject END,
                    message_id = CASE WHEN $9 THEN $7 ELSE message_id END,
                    pairing_id = CASE WHEN $9 THEN $8::uuid ELSE pairing_id END,
                    auth = CASE WHEN $10 THEN $11::jsonb ELSE auth END
              WHERE id = $1`,
      values: [
        id,
        outcome.status,
        outcome.reason,
        outcome.detail ?? null,
        facts?.fromAddress ?? null,
        facts?.subject ?? null,
        facts?.messageId ?? null,
        facts?.pairingId ?? null,
        facts !== null,
        // Written only when the checks learned verdicts; otherwise the stored ones stay.
        facts?.auth !== undefined,
        facts?.auth ? JSON.stringify(facts.auth) : null,
        outcome.duplicateOf ?? null,
      ],
    });
  }

  /** Which of `ids` no longer have a row (erased meanwhile, with their sender's data). */
  async gone(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: { id: string }[] = await this.m().query(
      `SELECT q.id FROM unnest($1::uuid[]) AS q(id)
        WHERE NOT EXISTS (SELECT 1 FROM inbound_emails e WHERE e.id = q.id)`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  findById(id: string): Promise<InboundEmail | null> {
    return this.m().findOneBy(InboundEmail, { id });
  }

  /** Whether the email still waits to be processed (the recovery sweep re-reads it before re-queuing). */
  async isReceived(id: string): Promise<boolean> {
    const { rowCount } = await this.db.pool().query({
      name: 'inbound-is-received',
      text: `SELECT 1 FROM inbound_emails e WHERE e.id = $1 AND ${keyedStatusIs('e', 'received')}`,
      values: [id],
    });
    return rowCount === 1;
  }

  /**
   * Received but unfinished, older than `olderThan`: candidates for the recovery sweep. One page,
   * oldest first, after the page ending at `after`: a sweep reads every page, so a backlog larger
   * than one page is reached in one pass.
   */
  findUnfinished(
    olderThan: string,
    limit: number,
    after?: SweepCursor,
  ): Promise<{ id: string; attempts: number; cursor: SweepCursor }[]> {
    return sweepPage(this.m(), UNFINISHED, olderThan, limit, after);
  }

  /** Counts one more job given to a received email by the recovery sweep (its last one ended undone). */
  async countRecovery(id: string): Promise<void> {
    await this.db.pool().query({
      name: 'inbound-count-recovery',
      text: `UPDATE inbound_emails e SET attempts = e.attempts + 1 WHERE e.id = $1 AND ${keyedStatusIs('e', 'received')}`,
      values: [id],
    });
  }
}
