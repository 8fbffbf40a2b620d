import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JOBS, QUEUES, type JobPayloads } from '../queues/queue-names';
import { OutboxService, PermanentSendFailure } from './outbox.service';

@Processor(QUEUES.outbound)
export class OutboundProcessor {
  constructor(private readonly outbox: OutboxService) {}

  // Sends wait on the network (SMTP's round trips, SES's request) far more than on this process;
  // at 100 emails/s over SMTP, 8 at a time left a backlog that 16 mostly clears (npm run bench -- latency).
  @Process({ name: JOBS.sendDelivery, concurrency: 16 })
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
