import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { CLOCK } from '../../src/prompts/clock';
import { Schedule } from '../../src/prompts/entities/schedule.entity';
import { JOBS, QUEUES } from '../../src/queues/queue-names';
import { createPairingWorld } from '../factories/pairing.factory';
import { FakeClock } from '../prompts/fake-clock';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60_000);

/** Issue #11: the repeatable tick lives only in Redis; a flush must not stop prompts until a restart. */
describe('the schedule after a Redis flush', () => {
  let env: TestEnv;
  let running: RunningApp;
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));

  beforeAll(async () => {
    env = await TestEnv.create();
    // Every role in one process, ticking twice a second; the recovery sweep runs every 500 ms.
    running = await env.start({ SCHEDULE_TICK_MS: '500' }, [[CLOCK, clock]]);
  });

  afterAll(async () => {
    await env.destroy();
  });

  it('registers the tick again and sends a due prompt, without a restart', async () => {
    const db = running.app.get(DataSource);
    const queue = running.app.get<Queue>(getQueueToken(QUEUES.schedule));
    const world = await createPairingWorld(running.app); // mentor Berlin: Tuesday 09:00 CET
    const [mentorSchedule] = await waitFor(() =>
      db
        .getRepository(Schedule)
        .findBy({ participantId: world.mentor.id, stream: 'prompt' })
        .then((r) => (r.length ? r : null)),
    );
    expect(mentorSchedule.nextRunAt!.toISOString()).toBe('2026-03-03T08:00:00.000Z');

    await env.flushQueues();
    expect((await queue.getRepeatableJobs()).filter((j) => j.name === JOBS.scheduleTick)).toHaveLength(0);

    await waitFor(async () => (await queue.getRepeatableJobs()).some((j) => j.name === JOBS.scheduleTick));
    clock.set('2026-03-03T08:00:30Z');
    const prompt = await waitFor(() =>
      db.getRepository(Delivery).findOneBy({ kind: 'prompt', recipientId: world.mentor.id, status: 'sent' }),
    );
    expect(prompt.dedupeKey).toBe(`prompt:${world.pairing.id}:1.0:${world.mentor.id}`);
  });
});
