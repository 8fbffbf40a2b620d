import Bull from 'bull';
import Redis from 'ioredis';
import { AppConfig } from '../../src/config/app-config';
import { SendPacer } from '../../src/outbound/sending/send-pacer';
import { queueNamespace } from '../../src/queues/queue-namespace';
import { redisConnection } from '../../src/queues/redis-connection';
import { clusterKeys, keySlot, RedisProcesses } from '../support/redis-topologies';
import { waitFor } from '../support/wait-for';

// Starting Redis servers and forming a Cluster takes a few seconds on a loaded machine.
jest.setTimeout(120_000);

/**
 * Issue #13: Bull's queues on Redis behind Sentinel and on a Redis Cluster, reached with the
 * options the service builds from its settings (src/queues/redis-connection.ts), against real
 * redis-server processes on loopback, with SendPacer's Lua script on the queue's connection.
 * Queues, not the whole service: every other test runs the same wiring (QueuesModule, RedisLink)
 * on a single Redis.
 */
describe('the queues on Redis Sentinel and Redis Cluster', () => {
  const redis = new RedisProcesses();
  const config = (env: Record<string, string>) =>
    AppConfig.fromEnvironment({ NODE_ENV: 'test', LOG_LEVEL: 'error', ...env });

  afterAll(async () => {
    await redis.stop();
  });

  /** One job added, processed and completed through a queue on `settings`; closes it all. */
  async function roundTrip(settings: AppConfig): Promise<void> {
    const connection = redisConnection(settings.env);
    const queue = new Bull('inbound', {
      ...connection.options,
      prefix: queueNamespace(settings.env.QUEUE_PREFIX, 'a1b2c3d4e5f6'),
    });
    try {
      void queue.process((job: Bull.Job<{ n: number }>) => Promise.resolve(job.data.n * 2));
      const job = await queue.add({ n: 21 });
      expect(await job.finished()).toBe(42);
      // SendPacer's script on the same connection, its window beside the queue's keys (one call
      // per 125 s at this rate, so the key outlives the test's look at it).
      await new SendPacer(queue, 0.01).acquire();
    } finally {
      await queue.close();
      await connection.close();
    }
  }

  it('follows the primary a Sentinel names', async () => {
    const { sentinelPort, primaryPort } = await redis.sentinel('mm-test');
    const settings = config({
      // Only the sentinels are asked; the URL's host is not used (nothing listens on port 1).
      REDIS_URL: 'redis://127.0.0.1:1',
      REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`,
      REDIS_SENTINEL_NAME: 'mm-test',
      QUEUE_PREFIX: 'mmsentinel',
    });
    await roundTrip(settings);
    const primary = new Redis({ port: primaryPort, host: '127.0.0.1' });
    const keys = await primary.keys('mmsentinel:*');
    primary.disconnect();
    expect(keys).toContain('mmsentinel:a1b2c3d4e5f6:inbound:completed');
    expect(keys).toContain('mmsentinel:a1b2c3d4e5f6:inbound:send-pace');
  });

  it('keeps every key of a queue in one slot of a Cluster, and closes the connections Bull leaves open', async () => {
    const ports = await redis.cluster();
    const clients = async () => {
      const inspect = new Redis({ port: ports[0], host: '127.0.0.1' });
      const list = String(await inspect.call('CLIENT', 'LIST'));
      inspect.disconnect();
      return list.trim().split('\n').length - 1; // less the inspecting connection itself
    };
    const before = await clients();
    await roundTrip(
      config({ REDIS_CLUSTER_NODES: ports.map((p) => `127.0.0.1:${p}`).join(','), QUEUE_PREFIX: '{mm}' }),
    );
    const keys = await clusterKeys(ports);
    expect(keys).toContain('{mm}:a1b2c3d4e5f6:inbound:completed');
    expect(keys).toContain('{mm}:a1b2c3d4e5f6:inbound:send-pace');
    const slots = new Set(await Promise.all(keys.map((k) => keySlot(ports[0], k))));
    expect(slots.size).toBe(1);
    // Bull closes none of the connections it got from createClient; RedisConnection.close did.
    await waitFor(async () => (await clients()) === before);
  });
});
