import type { JsonObject } from '../database/json';
import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient, QueryConfig } from 'pg';
import { DataSource, LessThan, type EntityManager } from 'typeorm';
import type { MessageDraft } from '../conversations/conversations.service';
import type { Delivery } from '../outbound/entities/delivery.entity';
import type { RelayCopy } from '../outbound/outbox.service';
import { entityFromJson, type JsonRow } from '../database/json-rows';
import {
  type PairingJson,
  type PairingWithMembers,
  pairingWithMembersFromJson,
  pairingWithMembersSql,
} from '../programs/programs.repository';
import { InboundEmail, type InboundStatus } from './entities/inbound-email.entity';

export interface ReceivedEmail {
  source: InboundEmail['source'];
  raw: Buffer;
  recipient: string;
  envelopeFrom: string | null;
  dedupeKey: string;
  auth?: Record<string, string> | null;
  transportMeta?: JsonObject | null;
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
  reason: string;
  detail?: string | null;
}

export interface LockedEmail {
  email: InboundEmail;
  /** The pairing whose relay address received it, or null. */
  pairing: PairingWithMembers | null;
}

const BYTEA_OID = 17;
/** Binary results of bytea as the Buffer itself, of text columns as the string. */
const RAW_AND_TEXT = {
  getTypeParser: (oid: number) => (value: Buffer) => (oid === BYTEA_OID ? value : value.toString('utf8')),
};

@Injectable()
export class InboundRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /**
   * Stores a received email. When its dedupe key was seen before, a small `duplicate` record
   * pointing at the original is written instead (no second copy of the raw bytes).
   */
  async insertReceived(email: ReceivedEmail): Promise<{ id: string; duplicateOf: string | null }> {
    const { rows } = await this.pool().query<{ id: string }>({
      name: 'inbound-insert-received',
      text: `INSERT INTO inbound_emails
               (source, raw, size, recipient, envelope_from, dedupe_key, auth, transport_meta)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
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
      ],
    });
    const row = rows[0];
    if (row) return { id: row.id, duplicateOf: null };
    const original = await this.m().findOneByOrFail(InboundEmail, { dedupeKey: email.dedupeKey });
    const dup = await this.m().save(
      InboundEmail,
      this.m().create(InboundEmail, {
        source: email.source,
        raw: null,
        size: email.raw.length,
        recipient: email.recipient.toLowerCase(),
        envelopeFrom: email.envelopeFrom?.toLowerCase() ?? null,
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
   * Locks a received email for processing; null when it is gone or already finished. The pairing
   * of its recipient (relay) address, with programme and members, comes in the same round trip.
   */
  async lockReceived(id: string, tx: EntityManager): Promise<LockedEmail | null> {
    const client = await this.client(tx);
    const { rows } = await client.query<{ raw: Buffer | null; email: string; pairing: string | null }>({
      name: 'inbound-lock-received-v2',
      text: `SELECT e.raw, (to_jsonb(e) - 'raw')::text AS email,
                    (${pairingWithMembersSql('p.relay_address = e.recipient')})::text AS pairing
               FROM inbound_emails e
              WHERE e.id = $1 AND e.status = 'received'
                FOR UPDATE OF e`,
      values: [id],
      // The raw mail in binary: as hex text it cost twice its size in transfer and more than the
      // parse in decoding. The other columns come as JSON text, read below.
      binary: true,
      types: RAW_AND_TEXT,
    } as QueryConfig);
    const row = rows[0];
    if (!row) return null;
    return {
      email: Object.assign(entityFromJson(tx, InboundEmail, JSON.parse(row.email) as JsonRow), {
        raw: row.raw,
      }),
      pairing: row.pairing ? pairingWithMembersFromJson(tx, JSON.parse(row.pairing) as PairingJson) : null,
    };
  }

  /** Records the outcome; `facts` null (giving up) leaves what an earlier run stored. */
  async finish(id: string, outcome: Outcome, facts: FinishFacts | null, tx: EntityManager): Promise<void> {
    const client = await this.client(tx);
    await client.query({
      name: 'inbound-finish',
      text: `UPDATE inbound_emails
                SET status = $2, reason = $3, detail = $4, processed_at = now(),
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
      ],
    });
  }

  /**
   * An accepted reply in one statement: its message (in its thread, or a new one), the link of
   * the author's Message-ID, the relayed copies with the links of their Message-IDs, the thread's
   * last-message time (forward only) and the email's outcome. One round trip instead of five on
   * the path every relayed reply takes; the tables belong to conversations and the outbox, whose
   * repositories write the same rows for their other callers. Returns the deliveries created.
   */
  async recordAccepted(
    tx: EntityManager,
    email: { id: string; outcome: Outcome; facts: FinishFacts },
    draft: MessageDraft,
    copies: RelayCopy[],
  ): Promise<Pick<Delivery, 'id' | 'kind'>[]> {
    const { row: m, newThread } = draft;
    const client = await this.client(tx);
    const { rows } = await client.query<{ id: string; kind: Delivery['kind'] }>({
      name: 'inbound-record-accepted',
      text: `WITH new_thread AS (
               INSERT INTO threads (pairing_id, subject, normalized_subject)
               SELECT $2, $18, $19 WHERE $3::uuid IS NULL
               RETURNING id),
             m AS (
               INSERT INTO messages (id, thread_id, pairing_id, kind, author_id, inbound_email_id, message_id,
                                     in_reply_to, "references", subject, new_text, quoted_text, full_text,
                                     html, attachments, extraction_method, extraction_confident)
               SELECT $1, coalesce($3::uuid, (SELECT id FROM new_thread)), $2, $4, $5, $6, $7, $8, $9, $10,
                      $11, $12, $13, $14, $15, $16, $17
               RETURNING id, thread_id, created_at),
             author_link AS (
               INSERT INTO message_id_links
                      (message_id, message_row_id, thread_id, pairing_id, participant_id, direction)
               SELECT $7, m.id, m.thread_id, $2, $5, 'inbound' FROM m
               ON CONFLICT DO NOTHING),
             d AS (
               INSERT INTO deliveries (dedupe_key, kind, pairing_id, source_message_id, recipient_id,
                                       to_address, message_id)
               SELECT c.dedupe_key, 'relay', $2, m.id, c.recipient_id, c.to_address, c.message_id
                 FROM m, unnest($20::text[], $21::uuid[], $22::text[], $23::text[])
                         AS c(dedupe_key, recipient_id, to_address, message_id)
               ON CONFLICT DO NOTHING
               RETURNING id, kind, recipient_id, message_id),
             copy_links AS (
               INSERT INTO message_id_links
                      (message_id, message_row_id, thread_id, pairing_id, participant_id, direction)
               SELECT d.message_id, m.id, m.thread_id, $2, d.recipient_id, 'outbound' FROM d, m
               ON CONFLICT DO NOTHING),
             touched AS (
               UPDATE threads t SET last_message_at = m.created_at
                 FROM m WHERE t.id = m.thread_id AND t.last_message_at < m.created_at),
             done AS (
               UPDATE inbound_emails
                  SET status = $25, reason = $26, detail = $27, processed_at = now(),
                      from_address = $28, subject = $29, message_id = $30, pairing_id = $2,
                      auth = CASE WHEN $31 THEN $32::jsonb ELSE auth END
                WHERE id = $24)
             SELECT id, kind FROM d`,
      values: [
        m.id,
        m.pairingId,
        m.threadId,
        m.kind,
        m.authorId,
        m.inboundEmailId,
        m.messageId,
        m.inReplyTo,
        m.references,
        m.subject,
        m.newText,
        m.quotedText,
        m.fullText,
        m.html,
        JSON.stringify(m.attachments),
        m.extractionMethod,
        m.extractionConfident,
        newThread?.subject ?? null,
        newThread?.normalizedSubject ?? null,
        copies.map((c) => c.dedupeKey),
        copies.map((c) => c.recipientId),
        copies.map((c) => c.toAddress),
        copies.map((c) => c.messageId),
        email.id,
        email.outcome.status,
        email.outcome.reason,
        email.outcome.detail ?? null,
        email.facts.fromAddress ?? null,
        email.facts.subject ?? null,
        email.facts.messageId ?? null,
        email.facts.auth !== undefined,
        email.facts.auth ? JSON.stringify(email.facts.auth) : null,
      ],
    });
    return rows;
  }

  findById(id: string): Promise<InboundEmail | null> {
    return this.m().findOneBy(InboundEmail, { id });
  }

  /**
   * The pg pool and the transaction's own connection under TypeORM: the per-email statements are
   * named (each connection plans them once) and skip the query builder, which cost more than them.
   */
  private pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  private async client(tx: EntityManager): Promise<PoolClient> {
    return (await tx.queryRunner!.connect()) as PoolClient;
  }

  /** Received but unfinished, older than `olderThan`: candidates for the recovery sweep. */
  findUnfinished(olderThan: Date, limit: number): Promise<Pick<InboundEmail, 'id'>[]> {
    return this.m().find(InboundEmail, {
      select: { id: true },
      where: { status: 'received', receivedAt: LessThan(olderThan) },
      order: { receivedAt: 'ASC' },
      take: limit,
    });
  }
}
