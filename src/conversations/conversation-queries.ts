import type { QueryConfig } from 'pg';
import { pairingWithMembersSql } from '../programs/pairing-with-members';

/**
 * The two statements the relay's hot path runs against conversations, apart from the repository
 * that sends them: the relay view (every relayed copy) and the cited lookup (every batch of
 * replies). Their plans are pinned by test/database/generic-plans.test.ts.
 */

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

/** One relayed copy's question, for `relayView`. */
export interface RelayViewRequest {
  messageRowId: string;
  recipientId: string;
  tailSize: number;
  head: number;
}

/** See `relayView`. */
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
