import { Process, Processor } from '@nestjs/bull';
import type { OnModuleInit } from '@nestjs/common';
import type { Job } from 'bull';
import { AppConfig } from '../config/app-config';
import { InProcessHandoff } from '../queues/in-process-handoff';
import { JobQueue } from '../queues/job-queue';
import { JOBS, QUEUES, type JobPayloads } from '../queues/queue-names';
import { OutboxService, PermanentSendFailure } from './outbox.service';
import { OutboundPauseService } from './sending/pause.service';

// Sends wait on the network (SMTP's round trips, SES's request) far more than on this process;
// at 100 emails/s over SMTP, 8 at a time left a backlog that 16 mostly clears (npm run bench -- latency).
const SEND_CONCURRENCY = 16;

/** The kinds a reply makes, which its author waits on; prompts and digest fan-outs keep Bull's priorities. */
const HANDED_OFF_KINDS = new Set(['relay', 'notice']);

@Processor(QUEUES.outbound)
export class OutboundProcessor implements OnModuleInit {
  constructor(
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly handoff: InProcessHandoff,
    private readonly jobs: JobQueue,
    private readonly pauses: OutboundPauseService,
  ) {}

  /**
   * JOB_HANDOFF=in-process: a reply's copies go to this process's sender directly, not during a
   * pause. Through SES too: its rate is held at each call by SendPacer, whichever way a send came.
   */
  onModuleInit(): void {
    if (this.config.env.JOB_HANDOFF !== 'in-process') return;
    this.handoff.register('outbound', {
      concurrency: SEND_CONCURRENCY,
      accepts: ({ kind }) => HANDED_OFF_KINDS.has(kind ?? '') && !this.pauses.pausedHere(),
      run: ({ id }) => this.outbox.send(id),
      fallback: async ({ id, kind }, error) => {
        // Recorded on the row already; retrying would change nothing.
        if (error instanceof PermanentSendFailure) return;
        await this.jobs.retryDelivery(id, kind!, error !== null);
      },
    });
  }

  @Process({ name: JOBS.sendDelivery, concurrency: SEND_CONCURRENCY })
  async send(job: Job<JobPayloads[typeof JOBS.sendDelivery]>): Promise<void> {
    try {
      await this.outbox.send(job.data.deliveryId);
    } catch (error) {
      // Permanent failures are recorded on the row already; retrying them would change nothing.
      if (error instanceof PermanentSendFailure) await job.discard();
      throw error;
    }
  }
}
