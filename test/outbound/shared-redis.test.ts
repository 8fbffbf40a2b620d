import { randomBytes } from 'node:crypto';
import { getQueueToken } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import { DataSource } from 'typeorm';
import { startApp, type RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { QUEUES } from '../../src/queues/queue-names';
import { BULK_LIMITS, createPairingWorld } from '../factories/pairing.factory';
import { adminUrl, dropDatabase, TEST_DB_PREFIX } from '../setup/databases';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { sendAs } from './support/outbound-world';

const COUNT = 10;

/**
 * Two deployments (each its own database) pointed at the same Redis with the same QUEUE_PREFIX:
 * the second must never take the first one's jobs. It once did, found no row and completed them
 * as no-ops, and the emails sat in `received` until a recovery sweep.
 */
describe('two deployments sharing one Redis and one QUEUE_PREFIX', () => {
  let env: TestEnv;
  let first: RunningApp;
  let second: RunningApp;
  const otherDb = `${TEST_DB_PREFIX}${process.env.MM_TEST_RUN_ID}_other_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    env = await TestEnv.create();
    // No sweep during the test: a job lost to the other deployment must show, not be re-queued.
    first = await env.start({ ROLES: 'worker', RECOVERY_INTERVAL_MS: '3600000' });
    // A separate deployment: its own database, migrated from scratch, same Redis and prefix.
    second = await startApp(
      env.config({ ROLES: 'worker', DATABASE_URL: adminUrl(otherDb), RECOVERY_INTERVAL_MS: '3600000' }),
    );
  }, 120_000);

  afterAll(async () => {
    await second?.close();
    await env.destroy();
    await dropDatabase(otherDb);
  }, 60_000);

  it("processes every email on its own deployment; the other one never completes a job of the first's", async () => {
    const takenBySecond: string[] = [];
    const secondInbound = second.app.get<Queue>(getQueueToken(QUEUES.inbound));
    secondInbound.on('completed', (job: Job) => takenBySecond.push(String(job.id)));

    const world = await createPairingWorld(first.app, { limits: BULK_LIMITS });
    for (let i = 0; i < COUNT; i++) await sendAs(first.app, world, 'mentee', `Message number ${i}.`);

    const db = first.app.get(DataSource);
    const unprocessed = () => db.getRepository(InboundEmail).countBy({ status: 'received' });
    await waitFor(async () => (await unprocessed()) === 0, 20_000).catch(() => undefined);
    expect(takenBySecond).toEqual([]);
    expect(await unprocessed()).toBe(0);
    expect(await db.getRepository(InboundEmail).countBy({ status: 'accepted' })).toBe(COUNT);
  }, 60_000);
});
