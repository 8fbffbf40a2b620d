import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { ConversationsService } from '../../conversations/conversations.service';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import { OutboxService } from '../../outbound/outbox.service';
import type { PairingPrompt } from '../entities/pairing-prompt.entity';
import { findPrompt } from '../library/prompt-library';
import { PairingPromptsRepository } from '../pairing-prompts.repository';
import { promptSubject } from '../prompt-subject';
import { stepKey, type Slot } from './prompt-plan';

export interface Recipient {
  participantId: string;
  pairingId: string;
  email: string;
}

const DAY_MS = 86_400_000;

export function promptDedupeKey(pairingId: string, slot: Pick<Slot, 'week' | 'item'>, participantId: string) {
  return `prompt:${pairingId}:${stepKey(slot)}:${participantId}`;
}

/**
 * Turns one due curriculum item into mail, inside the tick's transaction: the pairing's prompt
 * (thread and `prompt` Message, created by whichever member comes first), then this member's
 * delivery from the pairing's relay address, whose Message-ID is linked so a reply threads.
 */
@Injectable()
export class PromptIssuer {
  constructor(
    private readonly repo: PairingPromptsRepository,
    private readonly conversations: ConversationsService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  async issue(
    tx: EntityManager,
    to: Recipient,
    slot: Pick<Slot, 'week' | 'item'>,
    promptKey: string,
    now: Date,
  ): Promise<Delivery[]> {
    const issued = await this.ensureIssued(tx, to.pairingId, slot, promptKey, now, null);
    return this.deliver(tx, to, issued, promptDedupeKey(to.pairingId, slot, to.participantId));
  }

  /**
   * #swap: `promptKey` to this member only, in place of the step's prompt, in a thread of its
   * own. One per member per step: a second swap of the same step finds the first and sends nothing.
   */
  async issueSwap(
    tx: EntityManager,
    to: Recipient,
    slot: Pick<Slot, 'week' | 'item'>,
    promptKey: string,
    now: Date,
  ): Promise<Delivery[]> {
    const issued = await this.ensureIssued(tx, to.pairingId, slot, promptKey, now, to.participantId);
    return this.deliver(tx, to, issued, `${promptDedupeKey(to.pairingId, slot, to.participantId)}:swap`);
  }

  private async deliver(
    tx: EntityManager,
    to: Recipient,
    issued: PairingPrompt,
    dedupeKey: string,
  ): Promise<Delivery[]> {
    const [delivery] = await this.outbox.queueMany(tx, [
      {
        dedupeKey,
        kind: 'prompt',
        pairingId: to.pairingId,
        sourceMessageId: issued.messageRowId,
        recipientId: to.participantId,
        toAddress: to.email,
        payload: { type: 'prompt', pairingPromptId: issued.id },
      },
    ]);
    if (!delivery) return []; // sent before: the dedupe key held
    const message = await this.conversations.findMessage(issued.messageRowId, tx);
    await this.conversations.linkCopy(tx, message!, to.participantId, delivery.messageId);
    return [delivery];
  }

  /** A visible record of an item that was not sent (late after downtime, paused), never queued. */
  async recordSkip(tx: EntityManager, to: Recipient, slot: Slot, reason: string): Promise<void> {
    await this.outbox.queueMany(tx, [
      {
        dedupeKey: promptDedupeKey(to.pairingId, slot, to.participantId),
        kind: 'prompt',
        status: 'skipped',
        reason,
        pairingId: to.pairingId,
        recipientId: to.participantId,
        toAddress: to.email,
        payload: { type: 'prompt', week: slot.week, item: slot.item },
      },
    ]);
  }

  private async ensureIssued(
    tx: EntityManager,
    pairingId: string,
    slot: Pick<Slot, 'week' | 'item'>,
    promptKey: string,
    now: Date,
    swappedFor: string | null,
  ): Promise<PairingPrompt> {
    await this.repo.lockStep(tx, pairingId, slot.week, slot.item);
    const existing = await this.repo.findStep(pairingId, slot.week, slot.item, tx, swappedFor);
    if (existing) return existing;
    const prompt = findPrompt(promptKey);
    const title = prompt?.title ?? promptKey;
    const subject = prompt ? promptSubject(prompt, slot.week) : title;
    const thread = await this.repo.insertThread(pairingId, subject, tx);
    const { message } = await this.conversations.record(tx, {
      pairingId,
      kind: 'prompt',
      authorId: null,
      messageId: this.outbox.newMessageId(),
      subject,
      newText: prompt ? prompt.card.mentee.ask : title,
      threadId: thread.id,
    });
    const isPoll = prompt?.kind === 'poll' && !!prompt.pollOptions?.length;
    return this.repo.insert(
      {
        pairingId,
        week: slot.week,
        item: slot.item,
        promptKey,
        title,
        swappedFor,
        threadId: thread.id,
        messageRowId: message.id,
        pollOptions: isPoll ? [...prompt.pollOptions!] : null,
        issuedAt: now,
        pollClosesAt: isPoll ? new Date(now.getTime() + this.config.env.POLL_OPEN_DAYS * DAY_MS) : null,
      },
      tx,
    );
  }
}
