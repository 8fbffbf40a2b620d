import { Injectable } from '@nestjs/common';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import { OutboxService } from '../../outbound/outbox.service';
import { Transactor } from '../../database/transactor';
import { WelcomeRepository, type WelcomeDue } from './welcome.repository';

const BATCH = 200;

/** What the welcome composer reads from the delivery row: the first prompt as scheduled. */
export interface WelcomePayload {
  type: 'welcome';
  /** ISO instant of the member's first prompt (their schedule's next run), or null. */
  firstPromptAt: string | null;
  week: number;
  item: number;
}

export function welcomeDedupeKey(pairingId: string, participantId: string): string {
  return `welcome:${pairingId}:${participantId}`;
}

/**
 * Welcomes each member of a pairing once, when the pairing is active and the tick has just seeded
 * their prompt schedule: created active, or activated later (a pairing's members are seeded only
 * while it is active). Called by the tick right after seeding, so the first prompt a welcome
 * announces is the schedule's own next run, not a second computation of it.
 */
@Injectable()
export class WelcomeService {
  constructor(
    private readonly repo: WelcomeRepository,
    private readonly outbox: OutboxService,
    private readonly transactor: Transactor,
  ) {}

  async queueDue(): Promise<number> {
    let queued = 0;
    for (;;) {
      const { found, deliveries } = await this.transactor.run(async (tx) => {
        const due = await this.repo.findDue(tx, BATCH);
        const rows: Partial<Delivery>[] = [];
        for (const d of due) if (await this.repo.markWelcomed(tx, d)) rows.push(welcomeRow(d));
        return { found: due.length, deliveries: await this.outbox.queueMany(tx, rows) };
      });
      await this.outbox.enqueue(deliveries);
      queued += deliveries.length;
      if (found < BATCH) return queued;
    }
  }
}

function welcomeRow(d: WelcomeDue): Partial<Delivery> {
  const payload: WelcomePayload = {
    type: 'welcome',
    firstPromptAt: d.firstPromptAt?.toISOString() ?? null,
    week: d.week,
    item: d.item,
  };
  return {
    dedupeKey: welcomeDedupeKey(d.pairingId, d.participantId),
    kind: 'welcome',
    pairingId: d.pairingId,
    recipientId: d.participantId,
    toAddress: d.email,
    payload: { ...payload },
  };
}
