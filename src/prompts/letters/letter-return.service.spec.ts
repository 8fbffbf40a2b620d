import type { EntityManager } from 'typeorm';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import type { OutboxService } from '../../outbound/outbox.service';
import { DEFAULT_CURRICULUM } from '../library/default-curriculum';
import { LetterReturnService } from './letter-return.service';
import type { LettersRepository } from './letters.repository';

describe('LetterReturnService', () => {
  const tx = {} as EntityManager;
  const now = new Date('2026-05-19T13:00:00Z');
  const to = { participantId: 'mentee-1', pairingId: 'pairing-1', email: 'mentee@example.org' };
  const letter = {
    id: 'letter-1',
    participantId: 'mentee-1',
    text: 'Dear me',
    writtenAt: new Date(),
    week: 3,
  };

  function make(found: (typeof letter)[]) {
    const findForReturn = jest.fn().mockResolvedValue(found);
    const queueMany = jest.fn((_tx: EntityManager, rows: Partial<Delivery>[]) =>
      Promise.resolve(rows as Delivery[]),
    );
    const service = new LetterReturnService(
      { findForReturn } as unknown as LettersRepository,
      { queueMany } as unknown as OutboxService,
    );
    return { service, findForReturn, queueMany };
  }

  it('queues nothing in a week that returns no letter', async () => {
    const { service, findForReturn, queueMany } = make([letter]);
    expect(await service.queueDue(tx, to, 3, DEFAULT_CURRICULUM, now)).toEqual([]);
    expect(findForReturn).not.toHaveBeenCalled();
    expect(queueMany).not.toHaveBeenCalled();
  });

  it('queues the author’s own letter in the return week, keyed by the letter', async () => {
    const { service, findForReturn } = make([letter]);
    const [row] = await service.queueDue(tx, to, 12, DEFAULT_CURRICULUM, now);
    expect(findForReturn).toHaveBeenCalledWith('mentee-1', 'pairing-1', ['letter-to-future-self'], tx);
    expect(row).toMatchObject({
      dedupeKey: 'letter:letter-1',
      kind: 'prompt',
      recipientId: 'mentee-1',
      toAddress: 'mentee@example.org',
      payload: { type: 'letter', letterId: 'letter-1' },
    });
  });

  it('during the author’s pause only records the letter as held, and returns nothing to send', async () => {
    const { service, queueMany } = make([letter]);
    const paused = { ...to, pausedUntil: new Date(now.getTime() + 86_400_000) };
    expect(await service.queueDue(tx, paused, 12, DEFAULT_CURRICULUM, now)).toEqual([]);
    expect(queueMany).toHaveBeenCalledWith(tx, [
      expect.objectContaining({ dedupeKey: 'letter-held:letter-1', status: 'skipped', reason: 'paused' }),
    ]);
  });

  it('queues nothing when the participant wrote no letter', async () => {
    const { service, queueMany } = make([]);
    expect(await service.queueDue(tx, to, 12, DEFAULT_CURRICULUM, now)).toEqual([]);
    expect(queueMany).not.toHaveBeenCalled();
  });
});
