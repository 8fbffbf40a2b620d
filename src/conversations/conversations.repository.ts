import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { MessageIdLink } from './entities/message-id-link.entity';
import { Message } from './entities/message.entity';
import { Thread } from './entities/thread.entity';

@Injectable()
export class ConversationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** Links for any of these Message-IDs within the pairing, in the order asked. */
  async findLinks(pairingId: string, messageIds: string[], tx?: EntityManager): Promise<MessageIdLink[]> {
    if (messageIds.length === 0) return [];
    const rows = await this.m(tx).findBy(MessageIdLink, { pairingId, messageId: In(messageIds) });
    const byId = new Map(rows.map((r) => [r.messageId, r]));
    return messageIds.map((id) => byId.get(id)).filter((r): r is MessageIdLink => !!r);
  }

  /** The id under which a participant knows a message (their own email's id, or their copy's). */
  async findLinkFor(
    messageRowId: string,
    participantId: string,
    tx?: EntityManager,
  ): Promise<MessageIdLink | null> {
    return this.m(tx).findOneBy(MessageIdLink, { messageRowId, participantId });
  }

  async findLinksFor(
    messageRowIds: string[],
    participantId: string,
    tx?: EntityManager,
  ): Promise<MessageIdLink[]> {
    if (messageRowIds.length === 0) return [];
    return this.m(tx).findBy(MessageIdLink, { messageRowId: In(messageRowIds), participantId });
  }

  /**
   * Threading in one round trip: the thread of the first of these Message-IDs (in the order
   * asked) linked within the pairing; else the latest thread of the pairing with this normalised
   * subject (none when the subject is empty).
   */
  async findThreadByLinksOrSubject(
    pairingId: string,
    messageIds: string[],
    normalizedSubject: string,
    tx?: EntityManager,
  ): Promise<Thread | null> {
    const rows = (await this.m(tx).query(
      `(SELECT t.*, 0 AS rank, array_position($2::text[], l.message_id) AS pos
          FROM message_id_links l JOIN threads t ON t.id = l.thread_id
         WHERE l.pairing_id = $1 AND l.message_id = ANY($2::text[]))
       UNION ALL
       (SELECT t.*, 1 AS rank, 0 AS pos FROM threads t
         WHERE $3 <> '' AND t.pairing_id = $1 AND t.normalized_subject = $3
         ORDER BY t.last_message_at DESC LIMIT 1)
       ORDER BY rank, pos LIMIT 1`,
      [pairingId, messageIds, normalizedSubject],
    )) as Record<string, unknown>[];
    if (rows.length === 0) return null;
    return this.m(tx).create(Thread, {
      id: rows[0].id as string,
      pairingId: rows[0].pairing_id as string,
      subject: rows[0].subject as string,
      normalizedSubject: rows[0].normalized_subject as string,
      createdAt: rows[0].created_at as Date,
      lastMessageAt: rows[0].last_message_at as Date,
    });
  }

  /**
   * The texts of our own messages sent in this pairing under any of these Message-IDs (the relayed
   * copies a reply cites), keyed by Message-ID; bodies other than the new text are not read.
   */
  async sentTextsByMessageId(
    pairingId: string,
    messageIds: string[],
    tx?: EntityManager,
  ): Promise<Map<string, string>> {
    if (messageIds.length === 0) return new Map();
    const rows = (await this.m(tx).query(
      `SELECT l.message_id, m.new_text FROM message_id_links l
         JOIN messages m ON m.id = l.message_row_id
        WHERE l.pairing_id = $1 AND l.message_id = ANY($2) AND l.direction = 'outbound'`,
      [pairingId, messageIds],
    )) as { message_id: string; new_text: string }[];
    return new Map(rows.map((r) => [r.message_id, r.new_text]));
  }

  findThread(id: string, tx?: EntityManager): Promise<Thread | null> {
    return this.m(tx).findOneBy(Thread, { id });
  }

  insertThread(values: Partial<Thread>, tx?: EntityManager): Promise<Thread> {
    return this.m(tx).save(Thread, this.m(tx).create(Thread, values));
  }

  /**
   * Moves the thread's last-message time forward, never back: concurrent writers may finish in
   * any order. A row that is already newer is not written (nor locked for long).
   */
  async touchThread(id: string, at: Date, tx?: EntityManager): Promise<void> {
    await this.m(tx)
      .createQueryBuilder()
      .update(Thread)
      .set({ lastMessageAt: at })
      .where('id = :id AND last_message_at < :at', { id, at })
      .execute();
  }

  insertMessage(values: Partial<Message>, tx?: EntityManager): Promise<Message> {
    return this.m(tx).save(Message, this.m(tx).create(Message, values));
  }

  findMessage(id: string, tx?: EntityManager): Promise<Message | null> {
    return this.m(tx).findOneBy(Message, { id });
  }

  findMessageByInbound(inboundEmailId: string, tx?: EntityManager): Promise<Message | null> {
    return this.m(tx).findOneBy(Message, { inboundEmailId });
  }

  /**
   * The first `head` messages of a thread and the last two up to a message (compared in the
   * database: JavaScript dates lose PostgreSQL's microseconds): all that a Thread-Index
   * chain capped at depth `head` needs, however long the thread grows.
   */
  async threadHeadAndTail(
    threadId: string,
    untilMessageId: string,
    head: number,
    tx?: EntityManager,
  ): Promise<Pick<Message, 'id' | 'createdAt'>[]> {
    const rows: { id: string; created_at: Date }[] = await this.m(tx).query(
      `(SELECT id, created_at FROM messages WHERE thread_id = $1 ORDER BY created_at, id LIMIT $3)
       UNION
       (SELECT id, created_at FROM messages WHERE thread_id = $1
           AND created_at <= (SELECT created_at FROM messages WHERE id = $2)
         ORDER BY created_at DESC, id DESC LIMIT 2)`,
      [threadId, untilMessageId, head],
    );
    return rows.map((r) => ({ id: r.id, createdAt: new Date(r.created_at) }));
  }

  /**
   * What threading headers cite of a thread, without reading the whole thread: its first message
   * and the `tailSize` latest, both among the messages up to `until` other than `exceptId`.
   * Oldest first, no duplicates.
   */
  async threadEnds(
    threadId: string,
    until: Date,
    exceptId: string,
    tailSize: number,
    tx?: EntityManager,
  ): Promise<Pick<Message, 'id' | 'createdAt'>[]> {
    const earlier = () =>
      this.m(tx)
        .createQueryBuilder(Message, 'm')
        .select(['m.id', 'm.createdAt'])
        .where('m.thread_id = :threadId AND m.created_at <= :until AND m.id <> :exceptId', {
          threadId,
          until,
          exceptId,
        });
    const [first, tail] = await Promise.all([
      earlier().orderBy('m.created_at', 'ASC').limit(1).getMany(),
      earlier().orderBy('m.created_at', 'DESC').limit(tailSize).getMany(),
    ]);
    const ordered = [...first, ...tail.reverse().filter((m) => m.id !== first[0]?.id)];
    return ordered;
  }

  async insertLinks(links: Partial<MessageIdLink>[], tx?: EntityManager): Promise<void> {
    if (links.length === 0) return;
    // A client may reuse a Message-ID (resends); the first owner keeps it.
    await this.m(tx).createQueryBuilder().insert().into(MessageIdLink).values(links).orIgnore().execute();
  }
}
