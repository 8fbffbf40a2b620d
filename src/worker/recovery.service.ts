import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '../config/app-config';
import type { SweepCursor } from '../database/sweep-cursor';
import { InboundRepository } from '../inbound/inbound.repository';
import { InboundPipelineService } from '../inbound/pipeline/inbound-pipeline.service';
import { OutboxRepository } from '../outbound/outbox.repository';
import { TickRegistrar } from '../prompts/schedule/tick-registrar';
import { JobQueue } from '../queues/job-queue';
import { QUEUES } from '../queues/queue-names';

/** Rows a sweep reads at a time; it reads pages until one comes back short. */
export const PAGE = 500;
const REVIVE_LANES = 8;
/**
 * Jobs the sweep gives one received email whose previous job ended without finishing it (a
 * worker killed by that email, a give-up that could not be written). Past this it is held for
 * staff with `processing_error` instead of being revived forever.
 */
export const INBOUND_MAX_RECOVERIES = 3;

/**
 * PostgreSQL is the truth and Redis only carries work: on start and then periodically, every
 * inbound email and delivery that is recorded but unfinished gets a job again (jobIds make that
 * harmless), sends abandoned mid-flight become `uncertain` (or `queued` again when they never
 * reached the transport), and the repeatable schedule tick is registered again if Redis lost it.
 *
 * Also at once when the connection to Redis comes back after it was lost: a Redis restarted
 * without persistence, or a failover to a replica that lagged, may have dropped every job, and
 * the mail they carried should not wait for the next interval (a minute by default) to move.
 */
@Injectable()
export class RecoveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecoveryService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  /** A sweep asked for while one ran, to run when it ends: that one may have started too early. */
  private again = false;
  private stopping = false;

  constructor(
    private readonly config: AppConfig,
    private readonly inbound: InboundRepository,
    private readonly pipeline: InboundPipelineService,
    private readonly outbox: OutboxRepository,
    private readonly queue: JobQueue,
    private readonly tick: TickRegistrar,
    @InjectQueue(QUEUES.inbound) private readonly inboundQueue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    this.trigger();
    this.timer = setInterval(() => this.trigger(), this.config.env.RECOVERY_INTERVAL_MS);
    this.timer.unref();
    this.sweepWhenRedisReturns();
  }

  /**
   * The queue's command connection (Bull's public `client`) stands for Redis: 'close' when the
   * connection is lost, 'ready' when it is back. A sweep already running then may have read the
   * unfinished rows before the loss, so another one follows it.
   */
  private sweepWhenRedisReturns(): void {
    const client = this.inboundQueue.client;
    let lost = false;
    client.on('close', () => (lost = true));
    client.on('ready', () => {
      if (!lost || this.stopping) return;
      lost = false;
      this.logger.warn('Redis is back after a lost connection: recovery sweep now, in case it lost jobs');
      this.trigger(true);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  private trigger(followUp = false): void {
    if (this.running) {
      this.again ||= followUp;
      return;
    }
    this.running = this.sweep()
      .catch((error: Error) => this.logger.warn({ err: error }, 'recovery sweep failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopping) {
          this.again = false;
          this.trigger();
        }
      });
  }

  /** One pass; returns what it did, for tests and logs. */
  async sweep(): Promise<{ uncertain: number; inbound: number; deliveries: number; tick: boolean }> {
    const tick = await this.tick.ensure();
    if (tick) this.logger.warn('the schedule tick was missing from Redis (flushed?): registered again');
    const { uncertain } = await this.outbox.recoverStaleSending(
      this.config.env.SEND_LEASE_MS,
      this.config.env.SENDER_HEARTBEAT_MS,
    );
    // After the stale sends, on the database's clock: those it queued again get their job in this
    // very pass (a JavaScript Date, in whole milliseconds, could fall before their updated_at).
    const now = await this.outbox.sweepStart();
    let inbound = 0;
    let heldForStaff = 0;
    await this.everyPage(
      (after) => this.inbound.findUnfinished(now, PAGE, after),
      async (row) => {
        if (row.attempts >= INBOUND_MAX_RECOVERIES) {
          // Only when no live job holds it: a job still waiting may yet finish the email.
          if (!(await this.queue.hasLiveInboundJob(row.id))) {
            await this.pipeline.giveUp(row.id, `processing never finished after ${row.attempts} recoveries`);
            heldForStaff++;
          }
          return;
        }
        if (await this.queue.reviveInbound(row.id, () => this.inbound.isReceived(row.id))) {
          await this.inbound.countRecovery(row.id);
          inbound++;
        }
      },
    );
    let deliveries = 0;
    await this.everyPage(
      (after) => this.outbox.findQueued(now, PAGE, after),
      async (row) => {
        if (await this.queue.reviveDelivery(row.id, row.kind, () => this.outbox.isQueued(row.id)))
          deliveries++;
      },
    );
    if (uncertain + inbound + deliveries + heldForStaff > 0) {
      this.logger.log(
        { inbound, deliveries, uncertain, heldForStaff },
        `recovery: ${inbound} inbound and ${deliveries} deliveries re-queued, ${uncertain} uncertain, ` +
          `${heldForStaff} inbound held after ${INBOUND_MAX_RECOVERIES} recoveries`,
      );
    }
    return { uncertain, inbound, deliveries, tick };
  }

  /**
   * Every row `read` finds, page by page (a lost Redis can leave more than one page: a digest's
   * thousands of deliveries), each page's rows REVIVE_LANES at a time: a revive is a few Redis
   * round trips and a read of the row, spent waiting. A stop ends the pass between pages.
   */
  private async everyPage<T extends { cursor: SweepCursor }>(
    read: (after?: SweepCursor) => Promise<T[]>,
    revive: (row: T) => Promise<void>,
  ): Promise<void> {
    let after: SweepCursor | undefined;
    for (;;) {
      const rows = await read(after);
      let next = 0;
      const lane = async () => {
        while (next < rows.length) await revive(rows[next++]);
      };
      // Every lane ends before the pass does, even when one failed: nothing outlives the sweep.
      const lanes = await Promise.allSettled(Array.from({ length: REVIVE_LANES }, lane));
      const failed = lanes.find((l) => l.status === 'rejected');
      if (failed) throw failed.reason;
      if (rows.length < PAGE || this.stopping) return;
      after = rows[rows.length - 1].cursor;
    }
  }
}
