import { Injectable } from '@nestjs/common';
import type { QueryConfig } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { Coalescer } from '../database/coalescer';
import { DatabaseToolkit } from '../database/database-toolkit';
import {
  pairingWithMembersFromJson,
  pairingWithMembersSql,
  type PairingJson,
  type PairingWithMembers,
} from '../programs/programs.repository';
import { MessageIdLink } from './entities/message-id-link.entity';
import { Message } from './entities/message.entity';
import { Thread } from './entities/thread.entity';

/** A prompt issued in a thread that a reply cites: what the reply hooks decide on. */
export interface CitedPrompt {
  id: string;
  promptKey: string;
  week: number;
  item: number;
  pollOptions: string[] | null;
  pollClosesAt: Date | null;
}

/** One reply's cited ids, for `citedBy`. */
export interface CitedRequest {
  pairingId: string;
  citedIds: string[];
  sentTextIds: string[];
  normalizedSubject: string;
  /** The reply's own Message-ID and its author: an earlier message of theirs under it is returned. */
  ownMessageId?: string | null;
  authorId?: string | null;
}

/** An author's message already recorded under a Message-ID, as much as tells a second delivery of it. */
export interface EarlierMessage {
  inboundEmailId: string;
  fullText: string;
  html: string | null;
}

export interface CitedRows {
  sentTexts: Map<string, string>;
  thread: Thread | null;
  prompt: CitedPrompt | null;
  earlier: EarlierMessage | null;
}

/** What a relayed copy needs of its message (not the bodies we keep for staff: text, HTML, quote). */
export type RelayedMessage = Pick<
  Message,
  | 'id'
  | 'threadId'
  | 'pairingId'
  | 'authorId'
  | 'newText'
  | 'newHtml'
  | 'attachments'
  | 'droppedAttachments'
  | 'createdAt'
>;

/** One relayed copy's question, for `relayView`. */
export interface RelayViewRequest {
  messageRowId: string;
  recipientId: string;
  tailSize: number;
  head: number;
}

/** See `relayView`. */
export interface RelayViewRows {
  message: RelayedMessage;
  thread: Thread | null;
  /** The message's pairing, its programme and members. */
  found: PairingWithMembers | null;
  /** The thread's first message before this one (none or one), and the latest, newest first. */
  first: string[];
  tail: string[];
  /** Message row id -> the Message-ID under which the recipient knows it. */
  knownAs: Map<string, string>;
  parentId: string | null;
  threadIndexRefs: Pick<Message, 'id' | 'createdAt'>[];
}

export type NewMessageRow = Omit<Message, 'id' | 'createdAt'>;

@Injectable()
export class ConversationsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: DatabaseToolkit,
  ) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /**
   * What replies' cited Message-IDs point at, in one round trip for a whole batch of the inbound
   * pipeline, one result per request in order: the texts of our own copies among `sentTextIds`
   * (keyed by Message-ID), the thread (the first of `citedIds` linked within the pairing, else
   * the latest thread with this normalised subject, none when the subject is empty) and the
   * prompt issued in a cited thread. That prompt is read here (pairing_prompts belongs to the
   * prompts feature) so the reply hooks need no query. With it comes the author's own earlier
   * message under the reply's Message-ID, if any, so that a second delivery of one email is found
   * without a round trip of its own. The id lists travel as JSON arrays: a PostgreSQL array of
   * arrays must be rectangular.
   */
  async citedBy(requests: CitedRequest[]): Promise<CitedRows[]> {
    if (requests.length === 0) return [];
    const client = await this.db.client();
    const { rows } = await client.query<Record<string, unknown>>(citedByQuery(requests));
    return rows.map((r) => ({
      sentTexts: new Map(Object.entries((r.sent_texts ?? {}) as Record<string, string>)),
      thread: threadFrom(r, 't_'),
      prompt: r.p_id
        ? {
            id: r.p_id as string,
            promptKey: r.p_prompt_key as string,
            week: r.p_week as number,
            item: r.p_item as number,
            pollOptions: r.p_poll_options as string[] | null,
            pollClosesAt: r.p_poll_closes_at as Date | null,
          }
        : null,
      earlier: r.e_inbound_email_id
        ? {
            inboundEmailId: r.e_inbound_email_id as string,
            fullText: r.e_full_text as string,
            html: r.e_html as string | null,
          }
        : null,
    }));
  }

  findThread(id: string, tx?: EntityManager): Promise<Thread | null> {
    return this.m(tx).findOneBy(Thread, { id });
  }

  async insertThread(
    values: Pick<Thread, 'pairingId' | 'subject' | 'normalizedSubject'>,
    tx?: EntityManager,
  ): Promise<Thread> {
    const client = await this.db.client(tx);
    const { rows } = await client.query<Record<string, unknown>>({
      name: 'conversations-insert-thread',
      text: `INSERT INTO threads (pairing_id, subject, normalized_subject) VALUES ($1, $2, $3) RETURNING *`,
      values: [values.pairingId, values.subject, values.normalizedSubject],
    });
    return this.db.toEntity(Thread, rows[0]);
  }

  /**
   * Moves the thread's last-message time forward, never back: concurrent writers may finish in
   * any order. A row that is already newer is not written (nor locked for long).
   */
  async touchThread(id: string, at: Date, tx?: EntityManager): Promise<void> {
    const client = await this.db.client(tx);
    await client.query({
      name: 'conversations-touch-thread',
      text: `UPDATE threads SET last_message_at = $2 WHERE id = $1 AND last_message_at < $2`,
      values: [id, at],
    });
  }

  /**
   * Inserts a message and, for a participant's own email, the link of its Message-ID to the
   * author, in one statement. A client may reuse a Message-ID (resends); the first owner keeps it.
   */
  async insertMessage(values: NewMessageRow, tx?: EntityManager): Promise<Message> {
    const client = await this.db.client(tx);
    const { rows } = await client.query<Record<string, unknown>>({
      name: 'conversations-insert-message',
      text: `WITH m AS (
               INSERT INTO messages (thread_id, pairing_id, kind, author_id, inbound_email_id, message_id,
                                     in_reply_to, "references", subject, new_text, quoted_text, full_text,
                                     html, attachments, extraction_method, extraction_confident, new_html,
                                     dropped_attachments)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
               RETURNING id, created_at),
             l AS (
               INSERT INTO message_id_links
                      (message_id, message_row_id, thread_id, pairing_id, participant_id, direction)
               SELECT $6, m.id, $1, $2, $4, 'inbound' FROM m WHERE $4::uuid IS NOT NULL
               ON CONFLICT DO NOTHING)
             SELECT id, created_at FROM m`,
      values: [
        values.threadId,
        values.pairingId,
        values.kind,
        values.authorId,
        values.inboundEmailId,
        values.messageId,
        values.inReplyTo,
        values.references,
        values.subject,
        values.newText,
        values.quotedText,
        values.fullText,
        values.html,
        JSON.stringify(values.attachments),
        values.extractionMethod,
        values.extractionConfident,
        values.newHtml,
        JSON.stringify(values.droppedAttachments),
      ],
    });
    // The bodies just written are not read back: only what the database filled in.
    return Object.assign(new Message(), values, {
      id: rows[0].id as string,
      createdAt: rows[0].created_at as Date,
    });
  }

  findMessage(id: string, tx?: EntityManager): Promise<Message | null> {
    return this.m(tx).findOneBy(Message, { id });
  }

  /**
   * What a relayed copy of a message needs, in one round trip: the message and its thread, its
   * pairing with programme and members; the thread's first message and the `tailSize` latest up to
   * the message (oldest first, for References), with the Message-ID under which the recipient
   * knows each; the message its In-Reply-To cites, when linked in the pairing; and the first
   * `head` messages of the thread plus the message and the one before it (for Thread-Index). Times
   * are compared in the database: JavaScript dates lose PostgreSQL's microseconds. The copies
   * being sent at the same time share one statement (see Coalescer): each send asked twice
   * before (the view, then the pairing), so a relayed copy cost two round trips of its own.
   */
  relayView(request: RelayViewRequest): Promise<RelayViewRows | null> {
    return this.relayViews.call(request);
  }

  private readonly relayViews = new Coalescer<RelayViewRequest, RelayViewRows | null>(async (requests) => {
    const { rows } = await this.db.pool().query<Record<string, unknown>>(relayViewsQuery(requests));
    const byOrd = new Map(rows.map((r) => [Number(r.ord), r]));
    return requests.map((_, i) => {
      const r = byOrd.get(i + 1);
      return r ? this.relayViewFrom(r) : null;
    });
  });

  private relayViewFrom(r: Record<string, unknown>): RelayViewRows {
    const refIds = (r.mm_ref_ids ?? []) as string[];
    const refTimes = (r.mm_ref_times ?? []) as Date[];
    const found = r.mm_found as PairingJson | null;
    return {
      message: this.db.toEntity(Message, r),
      thread: threadFrom(r, 'mm_thread_'),
      found: found ? pairingWithMembersFromJson(this.dataSource.manager, found) : null,
      first: (r.mm_first ?? []) as string[],
      tail: (r.mm_tail ?? []) as string[],
      knownAs: new Map(Object.entries((r.mm_known_as ?? {}) as Record<string, string>)),
      parentId: (r.mm_parent as string | null) ?? null,
      threadIndexRefs: refIds.map((id, i) => ({ id, createdAt: refTimes[i] })),
    };
  }

  async insertLinks(links: Partial<MessageIdLink>[], tx?: EntityManager): Promise<void> {
    if (links.length === 0) return;
    // A client may reuse a Message-ID (resends); the first owner keeps it.
    await this.m(tx).createQueryBuilder().insert().into(MessageIdLink).values(links).orIgnore().execute();
  }
}

/** A thread read as columns under `prefix` (`t_id`, `t_subject`, ...) in a query of several tables. */
function threadFrom(r: Record<string, unknown>, prefix: string): Thread | null {
  if (!r[`${prefix}id`]) return null;
  return Object.assign(new Thread(), {
    id: r[`${prefix}id`] as string,
    pairingId: r[`${prefix}pairing_id`] as string,
    subject: r[`${prefix}subject`] as string,
    normalizedSubject: r[`${prefix}normalized_subject`] as string,
    createdAt: r[`${prefix}created_at`] as Date,
    lastMessageAt: r[`${prefix}last_message_at`] as Date,
  });
}

const RELAY_VIEWS_SQL = `SELECT q.ord, m.id, m.thread_id, m.pairing_id, m.author_id, m.new_text, m.new_html,
                m.attachments, m.dropped_attachments, m.created_at,
                t.id AS mm_thread_id, t.pairing_id AS mm_thread_pairing_id, t.subject AS mm_thread_subject,
                t.normalized_subject AS mm_thread_normalized_subject,
                t.created_at AS mm_thread_created_at, t.last_message_at AS mm_thread_last_message_at,
                v.*,
                (${pairingWithMembersSql('p.id = m.pairing_id')}) AS mm_found
           FROM jsonb_to_recordset($1::jsonb) AS q(ord int, message_id uuid, recipient_id uuid, tail_size int, head int)
          CROSS JOIN LATERAL (
            SELECT id, thread_id, pairing_id, author_id, new_text, new_html, attachments, dropped_attachments,
                   created_at, in_reply_to
              FROM messages WHERE messages.id = q.message_id LIMIT 1) m
           LEFT JOIN LATERAL (
            SELECT id, pairing_id, subject, normalized_subject, created_at, last_message_at
              FROM threads WHERE threads.id = m.thread_id LIMIT 1) t ON true
          CROSS JOIN LATERAL (
            WITH first AS (
                   SELECT e.id FROM messages e
                    WHERE e.thread_id = m.thread_id AND e.created_at <= m.created_at AND e.id <> m.id
                    ORDER BY e.created_at ASC LIMIT 1),
                 tail AS (
                   SELECT e.id, e.created_at FROM messages e
                    WHERE e.thread_id = m.thread_id AND e.created_at <= m.created_at AND e.id <> m.id
                    ORDER BY e.created_at DESC LIMIT q.tail_size),
                 refs AS (
                   (SELECT e.id, e.created_at FROM messages e WHERE e.thread_id = m.thread_id
                     ORDER BY e.created_at, e.id LIMIT q.head)
                   UNION SELECT m.id, m.created_at
                   UNION
                   (SELECT id, created_at FROM tail ORDER BY created_at DESC, id DESC LIMIT 1))
            SELECT (SELECT array_agg(id) FROM first) AS mm_first,
                   (SELECT array_agg(id ORDER BY created_at DESC) FROM tail) AS mm_tail,
                   (SELECT jsonb_object_agg(l.message_row_id, l.message_id) FROM message_id_links l
                     WHERE l.participant_id = q.recipient_id
                       AND l.message_row_id IN (SELECT id FROM first UNION SELECT id FROM tail)) AS mm_known_as,
                   (SELECT l.message_row_id FROM message_id_links l
                     WHERE l.pairing_id = m.pairing_id AND l.message_id = m.in_reply_to) AS mm_parent,
                   (SELECT array_agg(id ORDER BY created_at, id) FROM refs) AS mm_ref_ids,
                   (SELECT array_agg(created_at ORDER BY created_at, id) FROM refs) AS mm_ref_times) v`;

/**
 * The relay view's statement (see ConversationsRepository.relayView), for the copies sent at the
 * same time. The requests come as one JSON array, not as array parameters: PostgreSQL then
 * estimates the same 100 rows whether it plans for these values or for any, so after five
 * executions on a connection it keeps the generic plan instead of planning again at every BIND.
 * With array parameters, an unnest is estimated from the values, the generic plan looked dearer
 * than each custom one, and planning cost more than executing. The LIMIT 1 lookups keep the plan a
 * nested loop over the primary keys, whatever the tables' size when it was made. The thread's first
 * message and the quoted tail are each read from the (thread_id, created_at) index with their own
 * LIMIT, so a copy reads a few rows of its thread however long the thread has grown; gathering the
 * earlier messages once and sorting them read the whole thread for every copy.
 */
export function relayViewsQuery(requests: readonly RelayViewRequest[]): QueryConfig {
  return {
    name: 'conversations-relay-views-v3',
    text: RELAY_VIEWS_SQL,
    values: [
      jsonRows(requests, (r) => ({
        message_id: r.messageRowId,
        recipient_id: r.recipientId,
        tail_size: r.tailSize,
        head: r.head,
      })),
    ],
  };
}

const CITED_BY_SQL = `SELECT q.ord, cited.sent_texts,
                t.id AS t_id, t.pairing_id AS t_pairing_id, t.subject AS t_subject,
                t.normalized_subject AS t_normalized_subject, t.created_at AS t_created_at,
                t.last_message_at AS t_last_message_at,
                p.id AS p_id, p.prompt_key AS p_prompt_key, p.week AS p_week, p.item AS p_item,
                p.poll_options AS p_poll_options, p.poll_closes_at AS p_poll_closes_at,
                e.inbound_email_id AS e_inbound_email_id, e.full_text AS e_full_text, e.html AS e_html
           FROM jsonb_to_recordset($1::jsonb)
                AS q(ord int, pairing_id uuid, cited_ids jsonb, sent_ids jsonb, normalized_subject text,
                     own_id text, author_id uuid)
           CROSS JOIN LATERAL (
             SELECT ARRAY(SELECT jsonb_array_elements_text(q.cited_ids)) AS cited_ids,
                    ARRAY(SELECT jsonb_array_elements_text(q.sent_ids)) AS sent_ids) AS a
           CROSS JOIN LATERAL (
             SELECT (SELECT jsonb_object_agg(l.message_id, m.new_text)
                       FROM unnest(a.sent_ids) AS s(id)
                      CROSS JOIN LATERAL (
                        SELECT message_id, message_row_id FROM message_id_links
                         WHERE message_id = s.id AND pairing_id = q.pairing_id AND direction = 'outbound'
                         LIMIT 1) l
                       JOIN messages m ON m.id = l.message_row_id) AS sent_texts,
                    -- The threads of the cited ids, in the order they are cited.
                    ARRAY(SELECT l.thread_id FROM unnest(a.cited_ids) WITH ORDINALITY AS c(id, pos)
                           CROSS JOIN LATERAL (
                             SELECT thread_id FROM message_id_links
                              WHERE message_id = c.id AND pairing_id = q.pairing_id LIMIT 1) l
                           ORDER BY c.pos) AS thread_ids) AS cited
           LEFT JOIN LATERAL (
             SELECT * FROM (
               (SELECT t.*, 0 AS rank, c.pos
                  FROM unnest(cited.thread_ids) WITH ORDINALITY AS c(id, pos)
                 CROSS JOIN LATERAL (SELECT * FROM threads WHERE threads.id = c.id LIMIT 1) t)
               UNION ALL
               (SELECT t.*, 1 AS rank, 0 AS pos FROM threads t
                 WHERE q.normalized_subject <> '' AND t.pairing_id = q.pairing_id
                   AND t.normalized_subject = q.normalized_subject
                 ORDER BY t.last_message_at DESC LIMIT 1)
             ) AS found ORDER BY rank, pos LIMIT 1) AS t ON true
           LEFT JOIN LATERAL (
             SELECT pp.* FROM pairing_prompts pp
              WHERE pp.pairing_id = q.pairing_id AND pp.thread_id = ANY(cited.thread_ids)
              ORDER BY pp.created_at DESC LIMIT 1) AS p ON true
           -- The author's own earlier message under this Message-ID (the key), if any.
           LEFT JOIN LATERAL (
             SELECT m.inbound_email_id, m.full_text, m.html
               FROM message_id_links l JOIN messages m ON m.id = l.message_row_id
              WHERE l.message_id = q.own_id AND l.pairing_id = q.pairing_id
                AND l.participant_id = q.author_id AND l.direction = 'inbound'
                AND m.inbound_email_id IS NOT NULL
              LIMIT 1) AS e ON true
          ORDER BY q.ord`;

/**
 * The cited lookup's statement (see ConversationsRepository.citedBy). The links and the cited
 * threads are looked up one id at a time (LIMIT 1 laterals), so the plan goes by the keys whatever
 * the tables' size when the generic plan is made: joins against the unnested JSON (estimated at 100
 * rows each) scanned a pairing's links; `message_id = ANY(ids)`, priced as 100 probes, became a
 * sequential scan of every link while the table had a few hundred rows, and the connection kept
 * that plan as the table grew; `id = ANY(thread ids)` read all of threads when it was small. The
 * requests come as one JSON array, as the relay view's do, so one generic plan is kept (see
 * relayViewsQuery).
 */
export function citedByQuery(requests: readonly CitedRequest[]): QueryConfig {
  return {
    name: 'conversations-cited-by-many-v6',
    text: CITED_BY_SQL,
    values: [
      jsonRows(requests, (r) => ({
        pairing_id: r.pairingId,
        cited_ids: r.citedIds,
        sent_ids: r.sentTextIds,
        normalized_subject: r.normalizedSubject,
        own_id: r.ownMessageId ?? null,
        author_id: r.authorId ?? null,
      })),
    ],
  };
}

/** Requests as one JSON array for `jsonb_to_recordset`, each numbered from 1 (`ord`) in order. */
function jsonRows<T>(requests: readonly T[], row: (request: T) => Record<string, unknown>): string {
  return JSON.stringify(requests.map((request, i) => ({ ord: i + 1, ...row(request) })));
}
