import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { QUEUES } from '../../src/queues/queue-names';
import { PAGE, RecoveryService } from '../../src/worker/recovery.service';
import { TestEnv } from '../support/test-env';

/**
 * A Redis lost under a large backlog (a digest's thousands of deliveries) leaves more unfinished
 * rows than one page of the sweep. One pass reaches them all, even when a whole page shares one
 * transaction's timestamp, and a second pass finds every one alive.
 */
describe('the recovery sweep over more than a page of lost jobs', () => {
  let env: TestEnv;
  let worker: RunningApp;

  beforeAll(async () => {
    env = await TestEnv.create();
    worker = await env.start({ ROLES: 'worker', RECOVERY_INTERVAL_MS: '3600000' });
  });

  afterAll(async () => {
    await env.destroy();
  });

  it('gives every unfinished row its job in one pass, and none a second', async () => {
    const queue = (name: string) => worker.app.get<Queue>(getQueueToken(name));
    // The worker runs none of the jobs the sweep creates: the queues count them.
    await queue(QUEUES.inbound).pause(true);
    await queue(QUEUES.outbound).pause(true);
    await worker.app.get(RecoveryService).sweep();

    const db = worker.app.get(DataSource);
    const deliveries = PAGE + 7;
    const emails = PAGE + 3;
    // One statement each: every row of a table shares its transaction's timestamp to the microsecond.
    await db.query(
      `INSERT INTO deliveries (dedupe_key, kind, to_address, message_id, updated_at)
       SELECT 'lost:' || n, 'notice', 'lost' || n || '@example.org', '<lost-' || n || '@example.org>',
              now() - interval '1 minute'
         FROM generate_series(1, $1) AS n`,
      [deliveries],
    );
    await db.query(
      `INSERT INTO inbound_emails (source, recipient, size, received_at)
       SELECT 'cli', 'nobody@relay.example', 0, now() - interval '1 minute' FROM generate_series(1, $1)`,
      [emails],
    );

    const first = await worker.app.get(RecoveryService).sweep();
    expect(first).toMatchObject({ deliveries, inbound: emails });
    expect(await queue(QUEUES.outbound).getWaitingCount()).toBe(deliveries);
    expect(await queue(QUEUES.inbound).getWaitingCount()).toBe(emails);

    const second = await worker.app.get(RecoveryService).sweep();
    expect(second).toMatchObject({ deliveries: 0, inbound: 0 });
    expect(await queue(QUEUES.outbound).getWaitingCount()).toBe(deliveries);
  });
});
