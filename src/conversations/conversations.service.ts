import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Participant } from '../programs/entities/participant.entity';
import { nameOthersSee } from '../programs/participant-names';
import type { PairingWithMembers } from '../programs/programs.repository';
import {
  type CitedPrompt,
  ConversationsRepository,
  type EarlierMessage,
  type NewMessageRow,
  type RelayedMessage,
} from './conversations.repository';
import type { DroppedFile, Message, MessageKind, StoredAttachment } from './entities/message.entity';
import type { Thread } from './entities/thread.entity';
import { isAutomaticMessageId, parentOf } from './automatic-ids';
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
  newHtml?: string | null;
  quotedText?: string;
  fullText?: string;
  html?: string | null;
  attachments?: StoredAttachment[];
  droppedAttachments?: DroppedFile[];
  extractionMethod?: string;
  extractionConfident?: boolean;
  /** Force a thread (prompts start their own); otherwise a new thread. */
  threadId?: string;
  /** The subject of the thread this message starts, when its own subject is not the author's. */
  newThreadSubject?: string;
}

/** A reply's message, ready for a caller that writes it in a statement of its own. */
export interface MessageDraft {
  /** The row, its id chosen here so that rows citing it can be built before it is written. */
  row: Omit<NewMessageRow, 'threadId'> & { id: string; threadId: string | null };
  /** Where `row.threadId` is null: the thread to start with it. */
  newThread: { subject: string; normalizedSubject: string } | null;
}

/** What a reply cites, resolved in one round trip before it is recorded. */
export interface CitedContext {
  /** Our own texts the reply quotes (In-Reply-To first, at most three): removed exactly from the quote. */
  sentTexts: string[];
  /** The thread the reply belongs to, or null for a new one. */
  thread: Thread | null;
  /** The prompt issued in a cited thread (polls, letters), or null. */
  prompt: CitedPrompt | null;
  /**
   * The reply answers a notice, a command confirmation or a digest: it is a new message in the
   * pairing, never threaded or named by that email's subject ("Re: Done: resume").
   */
  answersAutomatic: boolean;
  /** The author's message already recorded under this reply's own Message-ID, or null. */
  earlier: EarlierMessage | null;
}

export interface RelayView {
  message: RelayedMessage;
  thread: Thread | null;
  found: PairingWithMembers | null;
  inReplyTo?: string;
  references: string[];
  threadIndexRefs: Pick<Message, 'id' | 'createdAt'>[];
}

export interface RecordedMessage {
  message: Message;
  thread: Thread;
}

/**
 * The subject of a message that answered one of our automatic emails (a notice's is ours, not
 * theirs). The partner and a circle's digest read it: the name is the one others see.
 */
export function newMessageSubject(author: string | Pick<Participant, 'name' | 'preferredName'>): string {
  return `A message from ${nameOthersSee(typeof author === 'string' ? { name: author } : author)}`;
}

/** How many earlier messages a relayed copy cites in References (clients cope badly with more). */
const MAX_REFERENCES = 20;

@Injectable()
export class ConversationsService {
  constructor(private readonly repo: ConversationsRepository) {}

  /**
   * For each reply of a batch, in one round trip: threading, and what else the Message-IDs it
   * cites point at. In-Reply-To, then References (newest first), against every Message-ID we
   * have stored or sent in this pairing; else the normalised subject within the pairing; else
   * none (a new thread). Our own texts come from the five latest cited ids, so the extractor can
   * remove them from the quote exactly, in any language.
   */
  async citedBy(
    replies: {
      pairingId: string;
      inReplyTo: string | null;
      references: string[];
      subject: string | null;
      messageId?: string | null;
      authorId?: string | null;
    }[],
  ): Promise<CitedContext[]> {
    const latestOf = (cited: string[]) => cited.slice(0, 5);
    const automatic = replies.map((r) => isAutomaticMessageId(parentOf(r.inReplyTo, r.references)));
    const citedOf = replies.map((r) =>
      [r.inReplyTo, ...[...r.references].reverse()].filter(
        (id): id is string => !!id && !isAutomaticMessageId(id),
      ),
    );
    const rows = await this.repo.citedBy(
      replies.map((reply, i) => ({
        pairingId: reply.pairingId,
        citedIds: [...new Set(citedOf[i])],
        sentTextIds: [...new Set(latestOf(citedOf[i]))],
        // A notice's subject is ours, not the conversation's: never a thread to join.
        normalizedSubject: automatic[i] ? '' : normalizeSubject(reply.subject),
        ownMessageId: reply.messageId,
        authorId: reply.authorId,
      })),
    );
    return rows.map((found, i) => ({
      sentTexts: latestOf(citedOf[i])
        .map((id) => found.sentTexts.get(id))
        .filter((text): text is string => text !== undefined)
        .slice(0, 3),
      thread: found.thread,
      prompt: found.prompt,
      answersAutomatic: automatic[i],
      earlier: found.earlier,
    }));
  }

  /** Records the message (and the author's own Message-ID) in its thread, inside the caller's transaction. */
  async record(tx: EntityManager, input: NewMessage): Promise<RecordedMessage> {
    const thread = await this.resolveThread(tx, input);
    const message = await this.repo.insertMessage({ ...this.row(input), threadId: thread.id }, tx);
    await this.repo.touchThread(thread.id, message.createdAt, tx);
    return { message, thread };
  }

  /**
   * A reply's message in the thread `citedBy` found (null: a new thread with its subject), for
   * the inbound pipeline, which writes it together with its outcome and relayed copies.
   */
  draft(input: NewMessage, thread: Thread | null): MessageDraft {
    return {
      row: { id: randomUUID(), threadId: thread?.id ?? null, ...this.row(input) },
      newThread: thread
        ? null
        : {
            subject: baseSubject(input.newThreadSubject ?? input.subject),
            normalizedSubject: normalizeSubject(input.newThreadSubject ?? input.subject),
          },
    };
  }

  private row(input: NewMessage): Omit<NewMessageRow, 'threadId'> {
    return {
      pairingId: input.pairingId,
      kind: input.kind ?? 'relay',
      authorId: input.authorId,
      inboundEmailId: input.inboundEmailId ?? null,
      messageId: input.messageId,
      inReplyTo: input.inReplyTo ?? null,
      references: input.references ?? [],
      subject: input.subject,
      newText: input.newText,
      newHtml: input.newHtml ?? null,
      quotedText: input.quotedText ?? '',
      fullText: input.fullText ?? input.newText,
      html: input.html ?? null,
      attachments: input.attachments ?? [],
      droppedAttachments: input.droppedAttachments ?? [],
      extractionMethod: input.extractionMethod ?? 'text',
      extractionConfident: input.extractionConfident ?? true,
    };
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
   * A message as relayed to `recipientId`, read in one round trip: the message, its thread,
   * In-Reply-To and References in the ids that recipient has actually seen (unknown ids, other
   * people's Message-IDs, are never passed on), and what a Thread-Index chain capped at
   * `indexDepth` needs (the thread's head and the message's predecessor).
   */
  async relayView(messageRowId: string, recipientId: string, indexDepth: number): Promise<RelayView | null> {
    // The thread's first message and the latest before this one: a long thread stays cheap.
    const rows = await this.repo.relayView({
      messageRowId,
      recipientId,
      tailSize: MAX_REFERENCES - 1,
      head: indexDepth + 1,
    });
    if (!rows) return null;
    const { message, thread, found, first, tail, knownAs, parentId, threadIndexRefs } = rows;
    const cited = [...first, ...tail.reverse().filter((id) => id !== first[0])];
    const references = cited.map((id) => knownAs.get(id)).filter((id): id is string => !!id);
    // The message it answers when that one is cited and known to the recipient; else the latest.
    const inReplyTo = (parentId && knownAs.get(parentId)) || references[references.length - 1];
    return { message, thread, found, inReplyTo, references, threadIndexRefs };
  }

  findThread(id: string, tx?: EntityManager): Promise<Thread | null> {
    return this.repo.findThread(id, tx);
  }

  findMessage(id: string, tx?: EntityManager): Promise<Message | null> {
    return this.repo.findMessage(id, tx);
  }

  private async resolveThread(tx: EntityManager, input: NewMessage): Promise<Thread> {
    if (input.threadId) {
      const thread = await this.repo.findThread(input.threadId, tx);
      if (thread) return thread;
    }
    return this.repo.insertThread(
      {
        pairingId: input.pairingId,
        subject: baseSubject(input.subject),
        normalizedSubject: normalizeSubject(input.subject),
      },
      tx,
    );
  }
}
