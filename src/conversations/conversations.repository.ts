import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Coalescer } from '../database/coalescer';
import { DatabaseToolkit } from '../database/database-toolkit';
import {
  pairingWithMembersFromJson,
  type PairingJson,
  type PairingWithMembers,
} from '../programs/pairing-with-members';
import {
  citedByQuery,
  relayViewsQuery,
  type CitedRequest,
  type RelayViewRequest,
} from './conversation-queries';
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
