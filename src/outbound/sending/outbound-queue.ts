import { BullModule } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { QueueOptions } from 'bull';
import { QUEUES } from '../../queues/queue-names';
import { SES_SEND_RATE, SesClientModule } from '../transports/ses-client.module';
import { limiterFor } from './rate-limit';

/**
 * The outbound queue's options: when a worker sends through SES, Bull's public `limiter` option
 * at 80% of the account's rate (SES_MAX_SEND_RATE, else GetSendQuota). The queue is built with it,
 * so it holds before the processor takes its first job; Bull enforces it in Redis across workers.
 * It paces when send jobs start; SendPacer then holds the SES calls themselves to the rate.
 */
export function outboundQueueOptions(rate: number | null): QueueOptions {
  if (rate === null) return {};
  const limiter = limiterFor(rate);
  new Logger('OutboundRateLimit').log(
    `SES ${rate}/s: at most ${limiter.max} sends per ${limiter.duration} ms`,
  );
  return { limiter };
}

/** The outbound queue, registered with its options (the other queues need none). */
export const outboundQueue = BullModule.registerQueueAsync({
  name: QUEUES.outbound,
  imports: [SesClientModule],
  inject: [SES_SEND_RATE],
  useFactory: outboundQueueOptions,
});
