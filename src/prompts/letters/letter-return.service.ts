import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import { OutboxService } from '../../outbound/outbox.service';
import type { Curriculum } from '../library/prompt-types';
import {
  LETTER_HELD_KEY_PREFIX,
  LETTER_KEY_PREFIX,
  LettersRepository,
  type LetterHeld,
} from './letters.repository';

export interface LetterRecipient {
  participantId: string;
  pairingId: string;
  email: string;
  /** A letter due while this lies ahead is held, and goes at the first tick after it. */
  pausedUntil?: Date | null;
}

export const letterDedupeKey = (letterId: string) => `${LETTER_KEY_PREFIX}${letterId}`;
/** The visible record of a letter that fell due during its author's pause (see `releaseHeld`). */
export const letterHeldDedupeKey = (letterId: string) => `${LETTER_HELD_KEY_PREFIX}${letterId}`;

const RELEASE_BATCH = 500;

/**
 * Sends a kept letter back to its author in the curriculum week that lists its prompt under
 * `returnLetterKeys` (or at a planned end's closing reflection). A letter is the person's own
 * words, not a prompt: a pause only delays it, never drops it. The dedupe key `letter:<id>`
 * makes every later call for the same letter a no-op, so it goes exactly once.
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
    now: Date,
  ): Promise<Delivery[]> {
    return this.queueKeys(tx, to, curriculum.steps[week - 1]?.returnLetterKeys ?? [], now);
  }

  /**
   * Every letter this member wrote in reply to one of `keys` (a planned end returns them by date).
   * During a pause each is only recorded as held (skipped, reason `paused`): nothing is returned.
   */
  async queueKeys(
    tx: EntityManager,
    to: LetterRecipient,
    keys: readonly string[],
    now: Date,
  ): Promise<Delivery[]> {
    if (keys.length === 0) return [];
    const letters = await this.letters.findForReturn(to.participantId, to.pairingId, keys, tx);
    if (letters.length === 0) return [];
    const paused = !!to.pausedUntil && to.pausedUntil > now;
    const rows = letters.map((l) => ({
      dedupeKey: paused ? letterHeldDedupeKey(l.id) : letterDedupeKey(l.id),
      kind: 'prompt' as const,
      ...(paused ? { status: 'skipped' as const, reason: 'paused' } : {}),
      pairingId: to.pairingId,
      recipientId: to.participantId,
      toAddress: to.email,
      payload: { type: 'letter', letterId: l.id },
    }));
    const queued = await this.outbox.queueMany(tx, rows);
    return paused ? [] : queued;
  }

  /**
   * Letters held by a pause that has ended (or was lifted by #resume): returned now, to the
   * author's current address, whatever the curriculum or the pairing has done since.
   */
  async releaseHeld(tx: EntityManager, now: Date): Promise<Delivery[]> {
    const held = await this.letters.findHeldReleasable(now, RELEASE_BATCH, tx);
    if (held.length === 0) return [];
    return this.outbox.queueMany(
      tx,
      held.map((l: LetterHeld) => ({
        dedupeKey: letterDedupeKey(l.id),
        kind: 'prompt' as const,
        pairingId: l.pairingId,
        recipientId: l.participantId,
        toAddress: l.email,
        payload: { type: 'letter', letterId: l.id },
      })),
    );
  }
}
