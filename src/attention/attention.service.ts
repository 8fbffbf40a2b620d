import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../prompts/clock';
import { AttentionReadRepository, type PairingLabel } from './attention-read.repository';
import { healthScore, type AttentionSignal } from './signals';
import { SignalsRepository, type QueueRow } from './signals.repository';

export interface QueueItem extends QueueRow {
  pairing: PairingLabel;
  /** The person the signal is about, by name (never an address). */
  personName: string | null;
}

export interface PairingHealthScore {
  score: number;
  signals: AttentionSignal[];
}

/**
 * The work queue: live signals that staff have neither resolved since they began nor snoozed past
 * now, oldest first, and each pairing's health score (100 less the weight of its unresolved signals;
 * a snooze hides an item from the queue but the pairing is no healthier for it).
 */
@Injectable()
export class AttentionService {
  constructor(
    private readonly signals: SignalsRepository,
    private readonly read: AttentionReadRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  async queue(scope: { programmeId?: string; pairingId?: string } = {}): Promise<QueueItem[]> {
    const now = this.clock.now();
    const open = (await this.signals.signals(now, scope)).filter(
      (r) => !r.resolved && !(r.snoozedUntil && r.snoozedUntil > now),
    );
    return this.label(open);
  }

  /** Items whose snooze ran out between `from` and now and are still unresolved (the digest's list). */
  async snoozedAndDue(from: Date): Promise<QueueItem[]> {
    const now = this.clock.now();
    const due = (await this.signals.signals(now)).filter(
      (r) => !r.resolved && r.snoozedUntil && r.snoozedUntil > from && r.snoozedUntil <= now,
    );
    return this.label(due);
  }

  async healthScores(scope: { programmeId?: string } = {}): Promise<Map<string, PairingHealthScore>> {
    const rows = await this.signals.signals(this.clock.now(), scope);
    const by = new Map<string, AttentionSignal[]>();
    for (const r of rows) {
      if (r.resolved) continue;
      const list = by.get(r.pairingId) ?? [];
      if (!list.includes(r.signal)) list.push(r.signal);
      by.set(r.pairingId, list);
    }
    return new Map([...by].map(([id, signals]) => [id, { score: healthScore(signals), signals }]));
  }

  private async label(rows: QueueRow[]): Promise<QueueItem[]> {
    const labels = await this.read.labels([...new Set(rows.map((r) => r.pairingId))]);
    return rows.flatMap((r) => {
      const pairing = labels.get(r.pairingId);
      if (!pairing) return [];
      const person = pairing.members.find((m) => m.id === r.participantId);
      return [{ ...r, pairing, personName: person?.name ?? null }];
    });
  }
}
