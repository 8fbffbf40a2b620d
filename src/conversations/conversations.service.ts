import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConversationsRepository } from './conversations.repository';
import type { Message, MessageKind, StoredAttachment } from './entities/message.entity';
import type { Thread } from './entities/thread.entity';
import { baseSubject, normalizeSubject } from './subject';

export interface NewMessage {
  pairingId: string;
  kind?: MessageKind;
  authorId: string | null;
  inboundEmailId?: string | null;
  messageId: string;
  inReplyTo?: string | null;
  references?: string[];
  subject: string | null;
  newText: string;
  quotedText?: string;
  fullText?: string;
  html?: string | null;
  attachments?: StoredAttachment[];
  extractionMethod?: string;
  extractionConfident?: boolean;
  /** Force a thread (prompts start their own); otherwise threading decides. */
  threadId?: string;
}

export interface RecordedMessage {
  message: Message;
  thread: Thread;
  /** The message this one answers, when threading found one. */
  parent: Message | null;
}

/** How many earlier messages a relayed copy cites in References (clients cope badly with more). */
const MAX_REFERENCES = 20;

@Injectable()
export class ConversationsService {
  constructor(private readonly repo: ConversationsRepository) {}

  /**
   * Threads a message: In-Reply-To, then References (newest first) against every Message-ID we
   * have stored or sent in this pairing; else the normalised subject within the pairing; else a
   * new thread. Records the message and the author's own Message-ID in one transaction.
   */
  async record(tx: EntityManager, input: NewMessage): Promise<RecordedMessage> {
    const { thread, parent } = await this.resolveThread(tx, input);
    const message = await this.repo.insertMessage(
      {
        threadId: thread.id,
        pairingId: input.pairingId,
        kind: input.kind ?? 'relay',
        authorId: input.authorId,
        inboundEmailId: input.inboundEmailId ?? null,
        messageId: input.messageId,
        inReplyTo: input.inReplyTo ?? null,
        references: input.references ?? [],
        subject: input.subject,
        newText: input.newText,
        quotedText: input.quotedText ?? '',
        fullText: input.fullText ?? input.newText,
        html: input.html ?? null,
        attachments: input.attachments ?? [],
        extractionMethod: input.extractionMethod ?? 'text',
        extractionConfident: input.extractionConfident ?? true,
      },
      tx,
    );
    await this.repo.touchThread(thread.id, message.createdAt, tx);
    if (input.authorId) {
      await this.repo.insertLinks(
        [
          {
            messageId: input.messageId,
            messageRowId: message.id,
            threadId: thread.id,
            pairingId: input.pairingId,
            participantId: input.authorId,
            direction: 'inbound',
          },
        ],
        tx,
      );
    }
    return { message, thread, parent };
  }

  /** Remembers the Message-ID of the copy a participant received, so their reply threads. */
  async linkCopy(
    tx: EntityManager,
    message: Message,
    participantId: string,
    copyMessageId: string,
  ): Promise<void> {
    await this.repo.insertLinks(
      [
        {
          messageId: copyMessageId,
          messageRowId: message.id,
          threadId: message.threadId,
          pairingId: message.pairingId,
          participantId,
          direction: 'outbound',
        },
      ],
      tx,
    );
  }

  /**
   * In-Reply-To and References for the copy of `message` going to `recipientId`, in the ids that
   * recipient has actually seen. Unknown ids (other people's Message-IDs) are never passed on.
   */
  async headersFor(
    message: Message,
    recipientId: string,
    tx?: EntityManager,
  ): Promise<{ inReplyTo?: string; references: string[] }> {
    const earlier = (await this.repo.threadMessageRefs(message.threadId, tx)).filter(
      (m) => m.id !== message.id && m.createdAt <= message.createdAt,
    );
    if (earlier.length === 0) return { references: [] };
    const cited = [earlier[0], ...earlier.slice(1).slice(-(MAX_REFERENCES - 1))];
    const links = await this.repo.findLinksFor(
      cited.map((m) => m.id),
      recipientId,
      tx,
    );
    const idOf = new Map(links.map((l) => [l.messageRowId, l.messageId]));
    const references = cited.map((m) => idOf.get(m.id)).filter((id): id is string => !!id);
    const parent = await this.parentOf(message, earlier, tx);
    const inReplyTo = (parent && idOf.get(parent.id)) ?? references[references.length - 1];
    return { inReplyTo, references };
  }

  findThread(id: string, tx?: EntityManager): Promise<Thread | null> {
    return this.repo.findThread(id, tx);
  }

  findMessage(id: string, tx?: EntityManager): Promise<Message | null> {
    return this.repo.findMessage(id, tx);
  }

  threadMessages(threadId: string): Promise<Message[]> {
    return this.repo.threadMessages(threadId);
  }

  /** Ids and dates of a thread's messages, oldest first, without their bodies. */
  threadMessageRefs(threadId: string): Promise<Pick<Message, 'id' | 'createdAt'>[]> {
    return this.repo.threadMessageRefs(threadId);
  }

  isKnownMessageId(messageId: string): Promise<boolean> {
    return this.repo.isKnownMessageId(messageId);
  }

  private async parentOf(
    message: Message,
    earlier: Pick<Message, 'id' | 'createdAt'>[],
    tx?: EntityManager,
  ): Promise<Pick<Message, 'id'> | null> {
    if (message.inReplyTo) {
      const [link] = await this.repo.findLinks(message.pairingId, [message.inReplyTo], tx);
      const found = link && earlier.find((m) => m.id === link.messageRowId);
      if (found) return found;
    }
    return earlier[earlier.length - 1] ?? null;
  }

  private async resolveThread(
    tx: EntityManager,
    input: NewMessage,
  ): Promise<{ thread: Thread; parent: Message | null }> {
    if (input.threadId) {
      const thread = await this.repo.findThread(input.threadId, tx);
      if (thread) return { thread, parent: await this.repo.lastMessageOfThread(thread.id, tx) };
    }
    const cited = [input.inReplyTo, ...[...(input.references ?? [])].reverse()].filter(
      (id): id is string => !!id,
    );
    const [link] = await this.repo.findLinks(input.pairingId, [...new Set(cited)], tx);
    if (link) {
      const thread = await this.repo.findThread(link.threadId, tx);
      if (thread) return { thread, parent: await this.repo.findMessage(link.messageRowId, tx) };
    }
    const key = normalizeSubject(input.subject);
    if (key) {
      const thread = await this.repo.findThreadBySubject(input.pairingId, key, tx);
      if (thread) return { thread, parent: await this.repo.lastMessageOfThread(thread.id, tx) };
    }
    const thread = await this.repo.insertThread(
      { pairingId: input.pairingId, subject: baseSubject(input.subject), normalizedSubject: key },
      tx,
    );
    return { thread, parent: null };
  }
}
