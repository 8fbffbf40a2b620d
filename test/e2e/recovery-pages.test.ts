import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { OutboxRepository } from '../../src/outbound/outbox.repository';
import { QUEUES } from '../../src/queues/queue-names';
import { PAGE, RecoveryService } from '../../src/worker/recovery.service';
import { TestEnv } from '../support/test-env';

/**
 * A send whose lease ran out gets its job in the very pass that queued it again: the pass reads
 * rows older than its start by PostgreSQL's clock (a JavaScript Date, in whole milliseconds, fell
 * before the row's update about one pass in eight). A Redis lost under a large backlog (a digest's thousands of deliveries) leaves more unfinished
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

  const queue = (name: string) => worker.app.get<Queue>(getQueueToken(name));

  // First, while the tables hold nothing else for a pass to read.
  it('queues again a send whose lease ran out and gives it its job in the same pass, every time', async () => {
    await queue(QUEUES.outbound).pause(true);
    const db = worker.app.get(DataSource);
    const [{ id }] = (await db.query(
      `INSERT INTO deliveries (dedupe_key, kind, to_address, message_id)
       VALUES ('lease:1', 'notice', 'lease@example.org', '<lease-1@example.org>') RETURNING id`,
    )) as { id: string }[];
    for (let pass = 0; pass < 100; pass++) {
      // Claimed an hour ago by a worker that never handed it over: past any lease.
      await db.query(
        `UPDATE deliveries SET status = 'sending', sending_started_at = now() - interval '1 hour'
          WHERE id = $1`,
        [id],
      );
      const swept = await worker.app.get(RecoveryService).sweep();
      expect({ pass, deliveries: swept.deliveries }).toEqual({ pass, deliveries: 1 });
      await (await queue(QUEUES.outbound).getJob(`delivery:${id}`))!.remove();
    }
    // What makes it so: a row written just before the pass's start is older than it, to the
    // microsecond, however quickly the two follow each other.
    for (let write = 0; write < 200; write++) {
      await db.query(`UPDATE deliveries SET status = 'queued', updated_at = now() WHERE id = $1`, [id]);
      const start = await worker.app.get(OutboxRepository).sweepStart();
      const read = await worker.app.get(OutboxRepository).findQueued(start, 10);
      expect({ write, found: read.some((r) => r.id === id) }).toEqual({ write, found: true });
    }
    await db.query('DELETE FROM deliveries WHERE id = $1', [id]);
  });

  it('gives every unfinished row its job in one pass, and none a second', async () => {
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
