import { InjectQueue } from '@nestjs/bull';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '../../config/app-config';
import { JOBS, QUEUES } from '../../queues/queue-names';

/**
 * Registers the one repeatable tick. Bull keys a repeatable job by name and interval, so every
 * worker registering it at start still yields one tick per interval, not one per worker; an
 * older interval left by a previous configuration is removed.
 */
@Injectable()
export class TickRegistrar implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.schedule) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const every = this.config.env.SCHEDULE_TICK_MS;
    for (const job of await this.queue.getRepeatableJobs()) {
      if (job.name === JOBS.scheduleTick && Number(job.every) !== every)
        await this.queue.removeRepeatableByKey(job.key);
    }
    await this.queue.add(
      JOBS.scheduleTick,
      {},
      { repeat: { every }, removeOnComplete: 100, removeOnFail: 100 },
    );
  }
}
