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
  /**
   * The caller moves `threads.last_message_at` itself (`touchThread`) as the last write of its
   * transaction, so concurrent messages to one busy thread hold that row's lock only until commit.
   */
  touchThreadLater?: boolean;
}

export interface RecordedMessage {
  message: Message;
  thread: Thread;
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
    const thread = await this.resolveThread(tx, input);
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
    if (!input.touchThreadLater) await this.repo.touchThread(thread.id, message.createdAt, tx);
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
    return { message, thread };
  }

  /** Moves a thread's last-message time forward, never back (see `touchThreadLater`). */
  async touchThread(tx: EntityManager, threadId: string, at: Date): Promise<void> {
    await this.repo.touchThread(threadId, at, tx);
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
    // The thread's first message and the latest before this one: a long thread stays cheap.
    const cited = await this.repo.threadEnds(
      message.threadId,
      message.createdAt,
      message.id,
      MAX_REFERENCES - 1,
      tx,
    );
    if (cited.length === 0) return { references: [] };
    const [links, parentId] = await Promise.all([
      this.repo.findLinksFor(
        cited.map((m) => m.id),
        recipientId,
        tx,
      ),
      this.citedParentId(message, tx),
    ]);
    const idOf = new Map(links.map((l) => [l.messageRowId, l.messageId]));
    const references = cited.map((m) => idOf.get(m.id)).filter((id): id is string => !!id);
    // The message it answers when that one is cited and known to the recipient; else the latest.
    const inReplyTo = (parentId && idOf.get(parentId)) || references[references.length - 1];
    return { inReplyTo, references };
  }

  findThread(id: string, tx?: EntityManager): Promise<Thread | null> {
    return this.repo.findThread(id, tx);
  }

  findMessage(id: string, tx?: EntityManager): Promise<Message | null> {
    return this.repo.findMessage(id, tx);
  }

  /** What a Thread-Index chain capped at `depth` needs for `message`: the thread's head and the message's predecessor. */
  threadIndexRefs(
    message: Pick<Message, 'id' | 'threadId'>,
    depth: number,
  ): Promise<Pick<Message, 'id' | 'createdAt'>[]> {
    return this.repo.threadHeadAndTail(message.threadId, message.id, depth + 1);
  }

  /** The message `message` answers by its In-Reply-To, when that id is linked in the pairing. */
  private async citedParentId(message: Message, tx?: EntityManager): Promise<string | null> {
    if (!message.inReplyTo) return null;
    const [link] = await this.repo.findLinks(message.pairingId, [message.inReplyTo], tx);
    return link?.messageRowId ?? null;
  }

  private async resolveThread(tx: EntityManager, input: NewMessage): Promise<Thread> {
    if (input.threadId) {
      const thread = await this.repo.findThread(input.threadId, tx);
      if (thread) return thread;
    }
    const cited = [input.inReplyTo, ...[...(input.references ?? [])].reverse()].filter(
      (id): id is string => !!id,
    );
    const key = normalizeSubject(input.subject);
    const found = await this.repo.findThreadByLinksOrSubject(input.pairingId, [...new Set(cited)], key, tx);
    if (found) return found;
    return this.repo.insertThread(
      { pairingId: input.pairingId, subject: baseSubject(input.subject), normalizedSubject: key },
      tx,
    );
  }
}
