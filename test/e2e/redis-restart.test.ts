import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { IntakeService } from '../../src/inbound/intake.service';
import { QUEUES } from '../../src/queues/queue-names';
import { buildEmail } from '../factories/emails';
import { createPairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress } from '../support/outbox';
import { RedisProcesses } from '../support/redis-topologies';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

/**
 * A Redis restarted without persistence loses every job. The periodic sweep would give them back
 * within RECOVERY_INTERVAL_MS (an hour here); a worker sweeps as soon as its connection returns.
 */
describe('Redis restarted empty under a running worker', () => {
  const redis = new RedisProcesses();
  let env: TestEnv;

  beforeAll(async () => {
    env = await TestEnv.create();
  });

  afterAll(async () => {
    await env.destroy();
    await redis.stop();
  });

  it('moves the mail whose jobs it lost as soon as the worker is connected again', async () => {
    const { port, crash } = await redis.single();
    const settings = {
      REDIS_URL: `redis://127.0.0.1:${port}`,
      RECOVERY_INTERVAL_MS: '3600000',
      // The lost connection is the point here: its "queue error (Redis)" lines are expected.
      LOG_LEVEL: 'silent',
    };
    const worker = await env.start({ ...settings, ROLES: 'worker' });
    const door = await env.start({ ...settings, ROLES: 'smtp' });
    const world = await createPairingWorld(door.app);

    // The worker takes no job for now, so the email's job is still waiting in Redis when it goes.
    const inboundQueue = worker.app.get<Queue>(getQueueToken(QUEUES.inbound));
    await inboundQueue.pause(true);
    const email = buildEmail({
      from: world.mentee.email,
      to: world.pairing.relayAddress,
      text: 'Still there?',
    });
    const { id } = await door.app.get(IntakeService).receive({
      source: 'cli',
      raw: Buffer.from(email.raw),
      recipient: world.pairing.relayAddress,
      envelopeFrom: null,
    });
    expect(await inboundQueue.getWaitingCount()).toBe(1);

    await crash();
    await inboundQueue.resume(true);

    const db = worker.app.get(DataSource);
    const row = await waitFor(async () => {
      const r = await db.getRepository(InboundEmail).findOneByOrFail({ id });
      return r.status === 'received' ? null : r;
    }, 30_000);
    expect(row.status).toBe('accepted');
    const copies = await waitFor(async () => {
      const out = (await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === world.mentor.email);
      return out.length ? out : null;
    }, 30_000);
    expect(copies).toHaveLength(1);
    expect(copies[0].parsed.text).toContain('Still there?');
  });
});
