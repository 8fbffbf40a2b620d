import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DatabaseToolkit } from '../database/database-toolkit';
import { keyedStatusIs } from '../database/keyed-status';
import type { MessageDraft } from '../conversations/conversations.service';
import type { Delivery } from '../outbound/entities/delivery.entity';
import type { RelayCopy } from '../outbound/outbox.service';
import type { FinishFacts, Outcome } from './inbound.repository';

/** One accepted reply to record: its email's outcome, its message and the partners' copies. */
export interface AcceptedReply {
  email: { id: string; outcome: Outcome; facts: FinishFacts };
  /** `row.threadId` is set: an existing thread, or one of `newThreads`. */
  message: MessageDraft['row'] & { threadId: string };
  copies: RelayCopy[];
}

export interface NewThreadRow {
  id: string;
  pairingId: string;
  subject: string;
  normalizedSubject: string;
}

export interface RecordedReplies {
  /** The emails recorded here; any other was finished by someone else first and is left alone. */
  recorded: Set<string>;
  deliveries: Pick<Delivery, 'id' | 'kind'>[];
}

/**
 * Accepted replies, a whole batch in one statement: the email outcomes (only for emails still
 * `received`, so a second worker on the same email records nothing), the new threads, the
 * messages, the links of the authors' Message-IDs, the relayed copies with the links of their
 * Message-IDs, and the threads' last-message times (forward only). Every other write hangs off
 * the outcome update, so a reply is recorded whole or not at all. The tables belong to
 * conversations and the outbox, whose repositories write the same rows for their other callers;
 * this is the path every relayed reply takes, so it is one round trip per batch.
 */
@Injectable()
export class AcceptedRepliesRepository {
  constructor(private readonly db: DatabaseToolkit) {}

  async record(
    replies: AcceptedReply[],
    newThreads: NewThreadRow[],
    tx?: EntityManager,
  ): Promise<RecordedReplies> {
    if (replies.length === 0) return { recorded: new Set(), deliveries: [] };
    const client = await this.db.client(tx);
    const emails = replies.map((r) => r.email);
    const messages = replies.map((r) => r.message);
    const copies = replies.flatMap((r) => r.copies.map((c) => ({ ...c, messageRowId: r.message.id })));
    const { rows } = await client.query<{
      what: 'recorded' | 'delivery';
      id: string;
      kind: Delivery['kind'];
    }>({
      name: 'inbound-record-accepted-many-v3',
      text: `WITH e AS (
               SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                    $7::text[], $8::uuid[], $9::jsonb[])
                      AS e(id, status, reason, detail, from_address, subject, message_id, pairing_id, auth)),
             done AS (
               UPDATE inbound_emails i
                  SET status = e.status, reason = e.reason, detail = e.detail, processed_at = now(),
                      from_address = e.from_address, subject = e.subject, message_id = e.message_id,
                      pairing_id = e.pairing_id, auth = coalesce(e.auth, i.auth)
                 FROM e
                -- The ANY lets the planner look the ids up in the primary key; a join against the
                -- unnested input alone (estimated at 100 rows) scanned the whole table.
                WHERE i.id = ANY($1::uuid[]) AND i.id = e.id AND ${keyedStatusIs('i', 'received')}
                RETURNING i.id),
             mi AS (
               SELECT * FROM unnest($10::uuid[], $11::uuid[], $12::uuid[], $13::text[], $14::uuid[], $15::uuid[],
                                    $16::text[], $17::text[], $18::jsonb[], $19::text[], $20::text[], $21::text[],
                                    $22::text[], $23::text[], $24::jsonb[], $25::text[], $26::bool[],
                                    $36::text[], $37::jsonb[])
                      WITH ORDINALITY
                      AS mi(id, thread_id, pairing_id, kind, author_id, inbound_email_id, message_id, in_reply_to,
                            refs, subject, new_text, quoted_text, full_text, html, attachments, extraction_method,
                            extraction_confident, new_html, dropped_attachments, ord)
                WHERE mi.inbound_email_id IN (SELECT id FROM done)),
             new_threads AS (
               INSERT INTO threads (id, pairing_id, subject, normalized_subject)
               SELECT t.id, t.pairing_id, t.subject, t.normalized_subject
                 FROM unnest($27::uuid[], $28::uuid[], $29::text[], $30::text[])
                         AS t(id, pairing_id, subject, normalized_subject)
                WHERE t.id IN (SELECT thread_id FROM mi)),
             m AS (
               INSERT INTO messages (id, thread_id, pairing_id, kind, author_id, inbound_email_id, message_id,
                                     in_reply_to, "references", subject, new_text, quoted_text, full_text,
                                     html, attachments, extraction_method, extraction_confident, new_html,
                                     dropped_attachments, created_at)
               SELECT mi.id, mi.thread_id, mi.pairing_id, mi.kind, mi.author_id, mi.inbound_email_id, mi.message_id,
                      mi.in_reply_to, ARRAY(SELECT jsonb_array_elements_text(mi.refs)), mi.subject, mi.new_text,
                      mi.quoted_text, mi.full_text, mi.html, mi.attachments, mi.extraction_method,
                      mi.extraction_confident, mi.new_html, mi.dropped_attachments,
                      -- Distinct, increasing times within the batch, so a thread keeps its order.
                      now() + mi.ord * interval '1 microsecond'
                 FROM mi
               RETURNING id, thread_id, pairing_id, author_id, message_id, created_at),
             author_links AS (
               INSERT INTO message_id_links
                      (message_id, message_row_id, thread_id, pairing_id, participant_id, direction)
               SELECT m.message_id, m.id, m.thread_id, m.pairing_id, m.author_id, 'inbound' FROM m
               ON CONFLICT DO NOTHING),
             d AS (
               INSERT INTO deliveries (dedupe_key, kind, pairing_id, source_message_id, recipient_id,
                                       to_address, message_id)
               SELECT c.dedupe_key, 'relay', m.pairing_id, m.id, c.recipient_id, c.to_address, c.message_id
                 FROM unnest($31::uuid[], $32::text[], $33::uuid[], $34::text[], $35::text[])
                         AS c(message_row_id, dedupe_key, recipient_id, to_address, message_id)
                 JOIN m ON m.id = c.message_row_id
               ON CONFLICT DO NOTHING
               RETURNING id, kind, source_message_id, recipient_id, message_id),
             copy_links AS (
               INSERT INTO message_id_links
                      (message_id, message_row_id, thread_id, pairing_id, participant_id, direction)
               SELECT d.message_id, m.id, m.thread_id, m.pairing_id, d.recipient_id, 'outbound'
                 FROM d JOIN m ON m.id = d.source_message_id
               ON CONFLICT DO NOTHING),
             touched AS (
               UPDATE threads t SET last_message_at = latest.at
                 FROM (SELECT thread_id, max(created_at) AS at FROM m GROUP BY thread_id) AS latest
                WHERE t.id = ANY($11::uuid[]) AND t.id = latest.thread_id AND t.last_message_at < latest.at)
             SELECT 'recorded' AS what, id, NULL AS kind FROM done
             UNION ALL
             SELECT 'delivery', id, kind FROM d`,
      values: [
        emails.map((e) => e.id),
        emails.map((e) => e.outcome.status),
        emails.map((e) => e.outcome.reason),
        emails.map((e) => e.outcome.detail ?? null),
        emails.map((e) => e.facts.fromAddress ?? null),
        emails.map((e) => e.facts.subject ?? null),
        emails.map((e) => e.facts.messageId ?? null),
        emails.map((e) => e.facts.pairingId ?? null),
        // Null keeps the verdicts stored at intake.
        emails.map((e) => (e.facts.auth ? JSON.stringify(e.facts.auth) : null)),
        messages.map((m) => m.id),
        messages.map((m) => m.threadId),
        messages.map((m) => m.pairingId),
        messages.map((m) => m.kind),
        messages.map((m) => m.authorId),
        messages.map((m) => m.inboundEmailId),
        messages.map((m) => m.messageId),
        messages.map((m) => m.inReplyTo),
        messages.map((m) => JSON.stringify(m.references)),
        messages.map((m) => m.subject),
        messages.map((m) => m.newText),
        messages.map((m) => m.quotedText),
        messages.map((m) => m.fullText),
        messages.map((m) => m.html),
        messages.map((m) => JSON.stringify(m.attachments)),
        messages.map((m) => m.extractionMethod),
        messages.map((m) => m.extractionConfident),
        newThreads.map((t) => t.id),
        newThreads.map((t) => t.pairingId),
        newThreads.map((t) => t.subject),
        newThreads.map((t) => t.normalizedSubject),
        copies.map((c) => c.messageRowId),
        copies.map((c) => c.dedupeKey),
        copies.map((c) => c.recipientId),
        copies.map((c) => c.toAddress),
        copies.map((c) => c.messageId),
        messages.map((m) => m.newHtml),
        messages.map((m) => JSON.stringify(m.droppedAttachments)),
      ],
    });
    return {
      recorded: new Set(rows.filter((r) => r.what === 'recorded').map((r) => r.id)),
      deliveries: rows.filter((r) => r.what === 'delivery').map((r) => ({ id: r.id, kind: r.kind })),
    };
  }
}
