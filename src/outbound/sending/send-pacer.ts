import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Queue } from 'bull';
import { QUEUES } from '../../queues/queue-names';
import { SES_SEND_RATE } from '../transports/ses-client.module';
import { callWindowFor, type QueueLimiter } from './rate-limit';

/**
 * One sliding-window log in Redis, shared by every worker: drops the calls older than the window,
 * and admits this one if fewer than `max` remain (0), else answers how many ms until the oldest
 * leaves. Redis's own clock, so workers on different machines agree.
 */
const ADMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

/**
 * Holds SES SendRawEmail calls to 80% of the account's rate across all workers. Bull's limiter
 * already paces when send jobs start, but SES counts calls, and between a job's start and its call
 * lie a claim and a MIME build whose time varies with load: starts from neighbouring windows could
 * bunch into one second above the rate. This gate sits just before the call (see SesTransport).
 * A no-op where no SES rate applies (other transports, processes that do not send).
 */
@Injectable()
export class SendPacer {
  readonly window: QueueLimiter | null;
  private readonly key: string;

  constructor(
    @InjectQueue(QUEUES.outbound) private readonly queue: Queue,
    @Inject(SES_SEND_RATE) rate: number | null,
  ) {
    this.window = rate === null ? null : callWindowFor(rate);
    // Beside the queue's own keys: the deployment's prefix, hash tag included.
    this.key = queue.toKey('send-pace');
  }

  /** Resolves when this call may go out; its slot is taken in the same step. */
  async acquire(): Promise<void> {
    if (!this.window) return;
    const { max, duration } = this.window;
    for (;;) {
      const wait = Number(await this.queue.client.eval(ADMIT, 1, this.key, max, duration, randomUUID()));
      if (wait === 0) return;
      await delay(wait);
    }
  }
}
