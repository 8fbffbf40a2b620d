import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '../config/app-config';
import { Transactor } from '../database/transactor';
import { isoWeekOf, isValidZone, nextLocalSendTime } from '../prompts/schedule/local-time';
import { DELIVERY_PRIORITY, JOBS, QUEUES } from '../queues/queue-names';
import { DigestFanoutRepository, type NewDigest } from './digest-fanout.repository';

const BATCH = 10_000;
const BULK = 2_500;
/** addBulk calls in flight at once: Node builds one chunk while Redis runs the other. */
const BULK_IN_FLIGHT = 2;

export interface FanoutReport {
  queued: number;
  /** Missed by more than SCHEDULE_MAX_LATE_MS (downtime): moved to next week, not sent. */
  late: number;
  stopped: number;
}

export function digestDedupeKey(participantId: string, isoWeek: string): string {
  return `digest:${participantId}:${isoWeek}`;
}

/**
 * The weekly digest fan-out: claim due digest rows in batches, write one delivery each (ids,
 * not HTML: the digest is built when it is sent) and the next local send time, commit, then
 * hand the jobs to Bull with addBulk. Jobs use the outbox's own jobId and options
 * (`delivery:<id>`), so the recovery sweep and a duplicate enqueue stay harmless.
 */
@Injectable()
export class DigestFanoutService {
  constructor(
    private readonly repo: DigestFanoutRepository,
    private readonly transactor: Transactor,
    private readonly config: AppConfig,
    @InjectQueue(QUEUES.outbound) private readonly outbound: Queue,
  ) {}

  async fanOut(now: Date): Promise<FanoutReport> {
    const report: FanoutReport = { queued: 0, late: 0, stopped: 0 };
    // Bull work for one batch overlaps the SQL of the next (Redis and PostgreSQL are separate
    // servers); only committed deliveries are ever enqueued.
    let enqueueing: Promise<void> = Promise.resolve();
    try {
      for (;;) {
        const { claimed, ids, late, stopped } = await this.transactor.run((tx) => this.batch(tx, now));
        await enqueueing;
        enqueueing = this.enqueue(ids);
        report.queued += ids.length;
        report.late += late;
        report.stopped += stopped;
        if (claimed < BATCH) return report;
      }
    } finally {
      await enqueueing;
    }
  }

  private async batch(tx: Parameters<Parameters<Transactor['run']>[0]>[0], now: Date) {
    const { DIGEST_WEEKDAY, DIGEST_HOUR, SCHEDULE_MAX_LATE_MS, RELAY_DOMAIN } = this.config.env;
    const rows = await this.repo.claimDue(tx, now, BATCH);
    // Most rows share a zone and a send time: compute each distinct next time once.
    const memo = new Map<string, Date>();
    const nextFor = (zone: string, from: Date) => {
      const key = `${zone}|${from.getTime()}`;
      let at = memo.get(key);
      if (!at) memo.set(key, (at = nextLocalSendTime(zone, DIGEST_WEEKDAY, DIGEST_HOUR, from)));
      return at;
    };
    const weeks = new Map<string, string>();
    const weekOf = (zone: string, at: Date) => {
      const key = `${zone}|${at.getTime()}`;
      let week = weeks.get(key);
      if (!week) weeks.set(key, (week = isoWeekOf(at, zone)));
      return week;
    };
    const digests: NewDigest[] = [];
    const times: (Date | null)[] = [];
    let late = 0;
    let stopped = 0;
    for (const row of rows) {
      if (row.stopped) {
        stopped++;
        times.push(null);
        continue;
      }
      const zone = isValidZone(row.timeZone) ? row.timeZone : 'UTC';
      if (now.getTime() - row.nextRunAt.getTime() > SCHEDULE_MAX_LATE_MS) late++;
      else {
        const isoWeek = weekOf(zone, row.nextRunAt);
        digests.push({
          participantId: row.participantId,
          pairingId: row.pairingId,
          dedupeKey: digestDedupeKey(row.participantId, isoWeek),
          isoWeek,
        });
      }
      times.push(nextFor(zone, row.nextRunAt > now ? row.nextRunAt : now));
    }
    const ids = await this.repo.insertDeliveries(tx, digests, RELAY_DOMAIN);
    await this.repo.setNextRuns(
      tx,
      rows.map((r) => r.id),
      times,
    );
    return { claimed: rows.length, ids, late, stopped };
  }

  private async enqueue(ids: string[]): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (next < ids.length) {
        const chunk = ids.slice(next, (next += BULK));
        await this.outbound.addBulk(
          chunk.map((deliveryId) => ({
            name: JOBS.sendDelivery,
            data: { deliveryId },
            opts: {
              jobId: `delivery:${deliveryId}`,
              priority: DELIVERY_PRIORITY.digest,
              attempts: 10,
              backoff: { type: 'jittered' },
            },
          })),
        );
      }
    };
    await Promise.all(Array.from({ length: BULK_IN_FLIGHT }, lane));
  }
}
