import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JOBS, QUEUES, type JobPayloads } from '../queues/queue-names';
import { InboundBatcher, WORKER_CONCURRENCY } from './pipeline/inbound-batcher';
import { InboundPipelineService } from './pipeline/inbound-pipeline.service';

@Processor(QUEUES.inbound)
export class InboundProcessor {
  constructor(
    private readonly batcher: InboundBatcher,
    private readonly pipeline: InboundPipelineService,
  ) {}

  // Many jobs at once: the batcher groups the jobs running together into batches.
  @Process({ name: JOBS.processInbound, concurrency: WORKER_CONCURRENCY })
  async process(job: Job<JobPayloads[typeof JOBS.processInbound]>): Promise<void> {
    try {
      await this.batcher.process(job.data.inboundEmailId);
    } catch (error) {
      // Unexpected errors are retried with backoff; after the last attempt the email is held
      // for staff with the error, so it still ends in a recorded state.
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 >= attempts) {
        await this.pipeline.giveUp(job.data.inboundEmailId, (error as Error).message);
        return;
      }
      throw error;
    }
  }
}
