import { Process, Processor } from '@nestjs/bull';
import { JOBS, QUEUES } from '../../queues/queue-names';
import { ScheduleTickService } from './schedule-tick.service';

/** The repeating tick: one call; a failure is retried by the next tick anyway. */
@Processor(QUEUES.schedule)
export class ScheduleProcessor {
  constructor(private readonly ticks: ScheduleTickService) {}

  @Process({ name: JOBS.scheduleTick, concurrency: 1 })
  async tick(): Promise<void> {
    await this.ticks.tick();
  }
}
