import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JOBS, QUEUES, type JobPayloads } from '../queues/queue-names';
import { OutboxService, PermanentSendFailure } from './outbox.service';

@Processor(QUEUES.outbound)
export class OutboundProcessor {
  constructor(private readonly outbox: OutboxService) {}

  @Process({ name: JOBS.sendDelivery, concurrency: 8 })
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
