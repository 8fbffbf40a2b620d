import Bull from 'bull';
import { randomUUID } from 'node:crypto';
import { SendPacer } from '../../src/outbound/sending/send-pacer';
import { QUEUES } from '../../src/queues/queue-names';
import { deleteQueueKeys } from '../support/queue-keys';
import { REDIS_URL } from '../support/test-env';

/**
 * SendPacer against the real Redis: two workers' pacers (each on its own queue connection, the
 * same deployment prefix) share one window. Redis admits on its own clock, which on this machine
 * is the test's clock: a call seen admitted at time t was admitted at or before t, so no span of
 * k windows from the start may show more than k windows' worth.
 */
describe('SendPacer', () => {
  const prefix = `mmpace${randomUUID().slice(0, 8)}`;
  const queues = [0, 1].map(() => new Bull(QUEUES.outbound, REDIS_URL, { prefix }));

  afterAll(async () => {
    await Promise.all(queues.map((q) => q.close()));
    await deleteQueueKeys(REDIS_URL, prefix);
  });

  // First, while the window's key does not exist yet.
  it('waits for nothing and writes nothing where no SES rate applies', async () => {
    const pacer = new SendPacer(queues[0], null);
    await pacer.acquire();
    expect(await queues[0].client.exists(queues[0].toKey('send-pace'))).toBe(0);
    expect(pacer.window).toBeNull();
  });

  it('holds the calls of every worker together to the window, and admits them all', async () => {
    const rate = 50;
    const pacers = queues.map((q) => new SendPacer(q, rate));
    const { max, duration } = pacers[0].window!;
    expect({ max, duration }).toEqual({ max: 40, duration: 1000 });
    const start = Date.now();
    const admitted = await Promise.all(
      Array.from({ length: 100 }, (_, i) => pacers[i % 2].acquire().then(() => Date.now() - start)),
    );
    const windows = Math.ceil(Math.max(...admitted) / duration) || 1;
    for (let k = 1; k <= windows; k++) {
      expect(admitted.filter((t) => t < k * duration).length).toBeLessThanOrEqual(k * max);
    }
    // 100 calls at 40 per window: the 81st waits for two windows to pass.
    expect(Math.max(...admitted)).toBeGreaterThanOrEqual(2 * duration);
  });
});
