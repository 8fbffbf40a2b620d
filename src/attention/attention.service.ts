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

/** A pairing scoring below this is "at risk" on the dashboard (one serious signal, or two lesser ones). */
export const AT_RISK_BELOW = 70;

export interface ProgrammeSignals {
  now: Date;
  rows: QueueRow[];
  programmeOf: Map<string, string>;
}

export interface ProgrammeHealthSummary {
  /** Null when the programme has no active pairing. */
  average: number | null;
  atRisk: number;
  queued: number;
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
      // A score is a pair's: circles are judged by their own rules, not weighed against pairs.
      if (r.resolved || r.kind !== 'pair') continue;
      const list = by.get(r.pairingId) ?? [];
      if (!list.includes(r.signal)) list.push(r.signal);
      by.set(r.pairingId, list);
    }
    return new Map([...by].map(([id, signals]) => [id, { score: healthScore(signals), signals }]));
  }

  /** The live signals with each one's programme: what `programmeSummaries` weighs. */
  async programmeSignals(): Promise<ProgrammeSignals> {
    const now = this.clock.now();
    const rows = await this.signals.signals(now);
    const programmeOf = await this.read.programmeOf([...new Set(rows.map((r) => r.pairingId))]);
    return { now, rows, programmeOf };
  }

  /**
   * Per programme: the average health score of its active pairs (those without a signal count
   * as 100), how many are at risk (below AT_RISK_BELOW), and how many items wait in the queue.
   * Apart from `programmeSignals` so the dashboard reads both at once with the pairs' counts.
   */
  programmeSummaries(
    { now, rows, programmeOf }: ProgrammeSignals,
    activeCounts: Map<string, number>,
  ): Map<string, ProgrammeHealthSummary> {
    const flagged = new Map<string, Map<string, AttentionSignal[]>>();
    const queued = new Map<string, number>();
    for (const r of rows) {
      const programmeId = programmeOf.get(r.pairingId);
      if (!programmeId || r.resolved) continue;
      // Queued counts every item staff would find in the queue, a circle's too; the average and
      // "at risk" are over pairs only, as `activeCounts` (the pairs' health counts) are.
      if (!(r.snoozedUntil && r.snoozedUntil > now))
        queued.set(programmeId, (queued.get(programmeId) ?? 0) + 1);
      if (r.kind !== 'pair') continue;
      const pairings = flagged.get(programmeId) ?? new Map<string, AttentionSignal[]>();
      const list = pairings.get(r.pairingId) ?? [];
      if (!list.includes(r.signal)) list.push(r.signal);
      pairings.set(r.pairingId, list);
      flagged.set(programmeId, pairings);
    }
    const out = new Map<string, ProgrammeHealthSummary>();
    for (const [programmeId, active] of activeCounts) {
      const scores = [...(flagged.get(programmeId)?.values() ?? [])].map((signals) => healthScore(signals));
      const total = Math.max(active, scores.length);
      const sum = scores.reduce((a, b) => a + b, 0) + 100 * (total - scores.length);
      out.set(programmeId, {
        average: total ? Math.round(sum / total) : null,
        atRisk: scores.filter((x) => x < AT_RISK_BELOW).length,
        queued: queued.get(programmeId) ?? 0,
      });
    }
    return out;
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
