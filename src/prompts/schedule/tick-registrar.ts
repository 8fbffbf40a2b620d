import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '../../config/app-config';
import { JOBS, QUEUES } from '../../queues/queue-names';

/**
 * Registers the one repeatable tick. Bull keys a repeatable job by name and interval, so every
 * worker registering it at start still yields one tick per interval, not one per worker; an
 * older interval left by a previous configuration is removed. The tick lives only in Redis, so
 * the recovery sweep calls `ensure` too: after a flushed Redis prompts and digests resume within
 * one sweep, without a restart.
 */
@Injectable()
export class TickRegistrar implements OnApplicationBootstrap {
  private readonly logger = new Logger(TickRegistrar.name);

  constructor(
    @InjectQueue(QUEUES.schedule) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensure();
  }

  /** Registers the tick unless it is there; true when it had to (it was lost). */
  async ensure(): Promise<boolean> {
    const every = this.config.env.SCHEDULE_TICK_MS;
    let present = false;
    for (const job of await this.queue.getRepeatableJobs()) {
      if (job.name !== JOBS.scheduleTick) continue;
      if (Number(job.every) === every) present = true;
      else await this.queue.removeRepeatableByKey(job.key);
    }
    if (present) return false;
    await this.queue.add(
      JOBS.scheduleTick,
      {},
      { repeat: { every }, removeOnComplete: 100, removeOnFail: 100 },
    );
    return true;
  }
}
