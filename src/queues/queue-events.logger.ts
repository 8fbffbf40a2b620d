import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { QUEUES } from './queue-names';

/** The ids a job's payload carries, under the names every log line uses. */
export function jobIds(job: Job): Record<string, unknown> {
  const data = (job.data ?? {}) as { inboundEmailId?: unknown; deliveryId?: unknown };
  return {
    jobId: job.id,
    job: job.name,
    ...(data.inboundEmailId !== undefined ? { inboundId: data.inboundEmailId } : {}),
    ...(data.deliveryId !== undefined ? { deliveryId: data.deliveryId } : {}),
  };
}

/** A Redis outage makes every client report each reconnect: one line per queue per minute is enough. */
const ERROR_EVERY_MS = 60_000;

/**
 * Bull's `failed` and `stalled` events of every queue, logged by the worker that saw them (Bull
 * emits both in the process that ran the job or found it stalled), with the job's ids and
 * attempts. Bull retries a failure while attempts are left (unless its processor discarded it);
 * the rows in PostgreSQL say what became of the work in the end.
 */
@Injectable()
export class QueueEventsLogger implements OnModuleInit {
  private readonly logger = new Logger('Queues');
  private readonly lastError = new Map<string, number>();

  constructor(
    @InjectQueue(QUEUES.inbound) private readonly inbound: Queue,
    @InjectQueue(QUEUES.outbound) private readonly outbound: Queue,
    @InjectQueue(QUEUES.schedule) private readonly schedule: Queue,
  ) {}

  onModuleInit(): void {
    for (const queue of [this.inbound, this.outbound, this.schedule]) this.watch(queue);
  }

  private watch(queue: Queue): void {
    const name = queue.name;
    queue.on('failed', (job: Job, err: Error) => {
      const attempts = job.opts.attempts ?? 1;
      this.logger.warn(
        { queue: name, ...jobIds(job), attemptsMade: job.attemptsMade, attempts, err },
        // Not "will retry": a processor may have discarded the job (a permanent failure).
        `job failed (attempt ${job.attemptsMade} of ${attempts})`,
      );
    });
    queue.on('stalled', (job: Job) => {
      this.logger.warn(
        { queue: name, ...jobIds(job), attemptsMade: job.attemptsMade },
        'job stalled (its worker stopped renewing the lock): Bull runs it again',
      );
    });
    queue.on('error', (err: Error) => {
      const now = Date.now();
      if (now - (this.lastError.get(name) ?? 0) < ERROR_EVERY_MS) return;
      this.lastError.set(name, now);
      this.logger.error({ queue: name, err }, 'queue error (Redis)');
    });
  }
}
