import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { randomBytes } from 'node:crypto';
import type { RunningApp } from '../../src/bootstrap';
import { OutboxRepository } from '../../src/outbound/outbox.repository';
import { JobQueue } from '../../src/queues/job-queue';
import { QUEUES } from '../../src/queues/queue-names';
import { TestEnv } from '../support/test-env';

/**
 * The recovery sweep lists unfinished rows, then looks at their jobs. A job that finished its row
 * in between must not be replaced by a new one (the new job found the row failed and "completed",
 * hiding the failure). No worker runs here, so jobs stay where the test puts them.
 */
describe('the recovery sweep re-queuing a delivery', () => {
  let env: TestEnv;
  let running: RunningApp;
  let jobs: JobQueue;
  let outbox: OutboxRepository;
  let queue: Queue;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    jobs = running.app.get(JobQueue);
    outbox = running.app.get(OutboxRepository);
    queue = running.app.get<Queue>(getQueueToken(QUEUES.outbound));
  });

  afterAll(async () => {
    await env.destroy();
  });

  const delivery = async (status: 'queued' | 'failed') => {
    const [row] = await outbox.insertMany([
      {
        dedupeKey: `test:${randomBytes(6).toString('hex')}`,
        kind: 'notice',
        toAddress: 'ann@example.org',
        messageId: `${randomBytes(6).toString('hex')}@relay.test`,
        status,
      },
    ]);
    return row;
  };
  const revive = (id: string) => jobs.reviveDelivery(id, 'notice', () => outbox.isQueued(id));
  /** As a worker would: take jobs until this one (earlier tests left jobs waiting ahead of it). */
  const take = async (jobId: string) => {
    let taken = await queue.getNextJob();
    while (taken && taken.id !== jobId) taken = await queue.getNextJob();
    expect(taken?.id).toBe(jobId);
    return taken!;
  };

  it('queues a job for a delivery that is still queued and has none', async () => {
    const row = await delivery('queued');
    expect(await revive(row.id)).toBe(true);
    expect(await (await queue.getJob(`delivery:${row.id}`))?.getState()).toBe('waiting');
  });

  it('leaves a live job alone', async () => {
    const row = await delivery('queued');
    await jobs.sendDelivery(row.id, 'notice');
    expect(await revive(row.id)).toBe(false);
  });

  it('queues nothing once the row is finished, whatever the sweep listed', async () => {
    const row = await delivery('failed');
    expect(await revive(row.id)).toBe(false);
    expect(await queue.getJob(`delivery:${row.id}`)).toBeNull();
  });

  it('leaves alone a job that another sweep revived and a worker took while this one looked', async () => {
    const row = await delivery('queued');
    const jobId = `delivery:${row.id}`;
    await jobs.sendDelivery(row.id, 'notice');
    // Its job ended with the row still queued (the worker died after it), so it needs a new one.
    await (await take(jobId)).moveToCompleted('done');
    // Between this sweep's look at the job and its removal, another process's sweep replaces it
    // and a worker takes the new job (Bull then refuses to remove it: it is locked).
    const revived = await jobs.reviveDelivery(row.id, 'notice', async () => {
      await (await queue.getJob(jobId))!.remove();
      await jobs.sendDelivery(row.id, 'notice');
      await take(jobId);
      return outbox.isQueued(row.id);
    });
    expect(revived).toBe(false);
    expect(await (await queue.getJob(jobId))?.getState()).toBe('active');
  });

  it('keeps a failed job of a finished row, so the failure stays visible', async () => {
    const row = await delivery('failed');
    await jobs.sendDelivery(row.id, 'notice');
    const job = (await queue.getJob(`delivery:${row.id}`))!;
    // As a worker would: take the job, then fail it for good.
    const taken = await take(`delivery:${row.id}`);
    await taken.discard();
    await taken.moveToFailed({ message: 'permanent' }, true);
    expect(await job.getState()).toBe('failed');
    expect(await revive(row.id)).toBe(false);
    expect(await (await queue.getJob(`delivery:${row.id}`))?.getState()).toBe('failed');
  });
});
