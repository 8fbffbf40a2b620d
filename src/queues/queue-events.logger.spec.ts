import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { QueueEventsLogger } from './queue-events.logger';

/** Queues as far as the logger listens to them: their name and their events (Bull emits them locally). */
const queue = (name: string) =>
  Object.assign(new EventEmitter(), { name }) as unknown as Queue & EventEmitter;
const job = (fields: Partial<Job>) => ({ opts: {}, attemptsMade: 0, ...fields }) as Job;

describe('QueueEventsLogger', () => {
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;
  afterEach(() => jest.restoreAllMocks());

  function watching() {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const queues = { inbound: queue('inbound'), outbound: queue('outbound'), schedule: queue('schedule') };
    new QueueEventsLogger(queues.inbound, queues.outbound, queues.schedule).onModuleInit();
    return queues;
  }

  it('logs a stalled job with its queue, ids and attempts', () => {
    const { outbound } = watching();
    outbound.emit(
      'stalled',
      job({ id: 'delivery:d-1', name: 'send-delivery', data: { deliveryId: 'd-1' }, attemptsMade: 2 }),
    );
    expect(warn).toHaveBeenCalledWith(
      { queue: 'outbound', jobId: 'delivery:d-1', job: 'send-delivery', deliveryId: 'd-1', attemptsMade: 2 },
      'job stalled (its worker stopped renewing the lock): Bull runs it again',
    );
  });

  it('logs a failed job with its attempts and error', () => {
    const { inbound } = watching();
    const err = new Error('boom');
    inbound.emit(
      'failed',
      job({
        id: 'inbound:i-1',
        name: 'process-inbound',
        data: { inboundEmailId: 'i-1' },
        attemptsMade: 3,
        opts: { attempts: 5 },
      }),
      err,
    );
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ queue: 'inbound', inboundId: 'i-1', attemptsMade: 3, attempts: 5, err }),
      'job failed (attempt 3 of 5)',
    );
  });

  it('logs a queue error once a minute, not at every reconnect', () => {
    const { schedule } = watching();
    schedule.emit('error', new Error('ECONNREFUSED'));
    schedule.emit('error', new Error('ECONNREFUSED'));
    expect(error).toHaveBeenCalledTimes(1);
  });
});
