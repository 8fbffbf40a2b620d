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

  findThreadBySubject(
    pairingId: string,
    normalizedSubject: string,
    tx?: EntityManager,
  ): Promise<Thread | null> {
    return this.m(tx).findOne(Thread, {
      where: { pairingId, normalizedSubject },
      order: { lastMessageAt: 'DESC' },
    });
  }

  findThread(id: string, tx?: EntityManager): Promise<Thread | null> {
    return this.m(tx).findOneBy(Thread, { id });
  }

  insertThread(values: Partial<Thread>, tx?: EntityManager): Promise<Thread> {
    return this.m(tx).save(Thread, this.m(tx).create(Thread, values));
  }

  async touchThread(id: string, at: Date, tx?: EntityManager): Promise<void> {
    await this.m(tx).update(Thread, { id }, { lastMessageAt: at });
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

  /** The messages of a thread in order. */
  threadMessages(threadId: string, tx?: EntityManager): Promise<Message[]> {
    return this.m(tx).find(Message, { where: { threadId }, order: { createdAt: 'ASC' } });
  }

  /** Ids and dates only: threading headers need no bodies, and a long thread must stay cheap. */
  threadMessageRefs(threadId: string, tx?: EntityManager): Promise<Pick<Message, 'id' | 'createdAt'>[]> {
    return this.m(tx).find(Message, {
      select: { id: true, createdAt: true },
      where: { threadId },
      order: { createdAt: 'ASC' },
    });
  }

  lastMessageOfThread(threadId: string, tx?: EntityManager): Promise<Message | null> {
    return this.m(tx).findOne(Message, { where: { threadId }, order: { createdAt: 'DESC' } });
  }

  async insertLinks(links: Partial<MessageIdLink>[], tx?: EntityManager): Promise<void> {
    if (links.length === 0) return;
    // A client may reuse a Message-ID (resends); the first owner keeps it.
    await this.m(tx).createQueryBuilder().insert().into(MessageIdLink).values(links).orIgnore().execute();
  }

  /** Whether we have ever stored or sent this Message-ID (any pairing). */
  async isKnownMessageId(messageId: string): Promise<boolean> {
    return this.m().existsBy(MessageIdLink, { messageId });
  }
}
