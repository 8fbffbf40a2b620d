import { BullModule } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { SESClient } from '@aws-sdk/client-ses';
import type { QueueOptions } from 'bull';
import { AppConfig } from '../../config/app-config';
import { QUEUES } from '../../queues/queue-names';
import { SesClientModule } from '../transports/ses-client.module';
import { SES_CLIENT } from '../transports/transport.factory';
import { limiterFor } from './rate-limit';

/**
 * The outbound queue's options: when a worker sends through SES, Bull's public `limiter` option
 * at 80% of the account's rate (SES_MAX_SEND_RATE, else GetSendQuota). The queue is built with it,
 * so it holds before the processor takes its first job; Bull enforces it in Redis across workers.
 */
export async function outboundQueueOptions(
  config: AppConfig,
  client: SESClient | null,
): Promise<QueueOptions> {
  if (config.env.MAIL_TRANSPORT !== 'ses' || !client || !config.hasRole('worker')) return {};
  let rate = config.env.SES_MAX_SEND_RATE;
  if (rate === undefined) {
    const { readMaxSendRate } = await import('../transports/ses.transport');
    rate = await readMaxSendRate(client);
  }
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
  inject: [AppConfig, SES_CLIENT],
  useFactory: outboundQueueOptions,
});
