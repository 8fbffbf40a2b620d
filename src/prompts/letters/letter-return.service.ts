import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import { OutboxService } from '../../outbound/outbox.service';
import type { Curriculum } from '../library/prompt-types';
import { LettersRepository } from './letters.repository';

export interface LetterRecipient {
  participantId: string;
  pairingId: string;
  email: string;
}

export const letterDedupeKey = (letterId: string) => `letter:${letterId}`;

/**
 * Sends a kept letter back to its author in the curriculum week that lists its prompt under
 * `returnLetterKeys`. Called by the tick for each member's sent item, so each member gets only
 * their own letter; the dedupe key makes later items of the same week a no-op.
 */
@Injectable()
export class LetterReturnService {
  constructor(
    private readonly letters: LettersRepository,
    private readonly outbox: OutboxService,
  ) {}

  async queueDue(
    tx: EntityManager,
    to: LetterRecipient,
    week: number,
    curriculum: Curriculum,
  ): Promise<Delivery[]> {
    return this.queueKeys(tx, to, curriculum.steps[week - 1]?.returnLetterKeys ?? []);
  }

  /** Every letter this member wrote in reply to one of `keys` (a planned end returns them by date). */
  async queueKeys(tx: EntityManager, to: LetterRecipient, keys: readonly string[]): Promise<Delivery[]> {
    if (keys.length === 0) return [];
    const letters = await this.letters.findForReturn(to.participantId, to.pairingId, keys, tx);
    if (letters.length === 0) return [];
    return this.outbox.queueMany(
      tx,
      letters.map((l) => ({
        dedupeKey: letterDedupeKey(l.id),
        kind: 'prompt' as const,
        pairingId: to.pairingId,
        recipientId: to.participantId,
        toAddress: to.email,
        payload: { type: 'letter', letterId: l.id },
      })),
    );
  }
}
