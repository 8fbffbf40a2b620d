import { getQueueToken } from '@nestjs/bull';
import { Logger, type Provider } from '@nestjs/common';
import type { SESClient } from '@aws-sdk/client-ses';
import type { Queue } from 'bull';
import { AppConfig } from '../../config/app-config';
import { QUEUES } from '../../queues/queue-names';
import { SES_CLIENT } from '../transports/transport.factory';
import { limiterFor, type QueueLimiter } from './rate-limit';

export const OUTBOUND_LIMITER = Symbol('OUTBOUND_LIMITER');

/**
 * Puts Bull's rate limiter on the outbound queue when sending through SES: 80% of the account's
 * rate, from SES_MAX_SEND_RATE or GetSendQuota. It is set on the queue instance this process
 * processes with (the field Bull fills from `opts.limiter`), during provider creation, i.e. before
 * the processor starts taking jobs. Bull enforces it in Redis across all workers.
 */
export const sendRateProvider: Provider = {
  provide: OUTBOUND_LIMITER,
  inject: [getQueueToken(QUEUES.outbound), AppConfig, SES_CLIENT],
  useFactory: async (
    queue: Queue,
    config: AppConfig,
    client: SESClient | null,
  ): Promise<QueueLimiter | null> => {
    if (config.env.MAIL_TRANSPORT !== 'ses' || !client || !config.hasRole('worker')) return null;
    let rate = config.env.SES_MAX_SEND_RATE;
    if (rate === undefined) {
      const { readMaxSendRate } = await import('../transports/ses.transport');
      rate = await readMaxSendRate(client);
    }
    const limiter = limiterFor(rate);
    (queue as Queue & { limiter?: QueueLimiter & { bounceBack: boolean } }).limiter = {
      ...limiter,
      bounceBack: false,
    };
    new Logger('OutboundRateLimit').log(
      `SES ${rate}/s: at most ${limiter.max} sends per ${limiter.duration} ms`,
    );
    return limiter;
  },
};
