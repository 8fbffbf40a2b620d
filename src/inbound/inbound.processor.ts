import { Process, Processor } from '@nestjs/bull';
import type { OnModuleInit } from '@nestjs/common';
import type { Job } from 'bull';
import { AppConfig } from '../config/app-config';
import { InProcessHandoff } from '../queues/in-process-handoff';
import { JobQueue } from '../queues/job-queue';
import { JOBS, QUEUES, type JobPayloads } from '../queues/queue-names';
import { InboundBatcher, WORKER_CONCURRENCY } from './pipeline/inbound-batcher';
import { InboundPipelineService } from './pipeline/inbound-pipeline.service';

@Processor(QUEUES.inbound)
export class InboundProcessor implements OnModuleInit {
  constructor(
    private readonly batcher: InboundBatcher,
    private readonly pipeline: InboundPipelineService,
    private readonly config: AppConfig,
    private readonly handoff: InProcessHandoff,
    private readonly jobs: JobQueue,
  ) {}

  /** JOB_HANDOFF=in-process: this process's doors hand their emails to the batcher directly. */
  onModuleInit(): void {
    if (this.config.env.JOB_HANDOFF !== 'in-process') return;
    this.handoff.register('inbound', {
      concurrency: WORKER_CONCURRENCY,
      accepts: () => true,
      run: async ({ id }) => {
        await this.batcher.process(id);
      },
      // A failure becomes a Bull job: its retries, then the give-up below.
      fallback: ({ id }, error) => this.jobs.retryInbound(id, error !== null),
    });
  }

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
