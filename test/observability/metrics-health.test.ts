import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { MetricsServer } from '../../src/metrics/metrics-server';
import { QUEUES } from '../../src/queues/queue-names';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { inject, sendAs, settled } from '../outbound/support/outbound-world';
import { parsePrometheus, type Scrape } from '../support/prom-text';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const TOKEN = 'a-metrics-token-for-these-tests';
/** Nobody by address: only the token opens /metrics, even from loopback. */
const GUARDED = { METRICS_TOKEN: TOKEN, METRICS_ALLOW: 'none' };

/**
 * /metrics shows what happened (counted from PostgreSQL, Redis and the sending worker), only to
 * whoever holds the token; /health/live and /health/ready answer apart.
 */
describe('metrics and health', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ...GUARDED, METRICS_PORT: '0' });
    world = await createPairingWorld(running.app);
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  async function scrape(base = running.httpUrl!): Promise<Scrape> {
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheus(await res.text());
  }

  const latencyCount = (s: Scrape) => s.value('mentormail_relay_latency_seconds_count') ?? 0;
  const latencySum = (s: Scrape) => s.value('mentormail_relay_latency_seconds_sum') ?? 0;

  it('answers only the bearer of METRICS_TOKEN, on the api port and on METRICS_PORT', async () => {
    const port = running.app.get(MetricsServer).url;
    for (const base of [running.httpUrl!, port]) {
      const status = async (authorization?: string) =>
        (await fetch(`${base}/metrics`, { headers: authorization ? { authorization } : {} })).status;
      expect(await status()).toBe(403);
      expect(await status(`Bearer ${TOKEN}x`)).toBe(403);
      expect(await status(`Basic ${TOKEN}`)).toBe(403);
      expect(await status(`Bearer ${TOKEN}`)).toBe(200);
    }
    expect((await fetch(`${port}/other`)).status).toBe(404);
  });

  it('counts inbound emails and deliveries by state, sends, and the relay latency', async () => {
    const before = await scrape();
    await sendAs(running.app, world, 'mentee', 'First message.');
    await sendAs(running.app, world, 'mentor', 'A reply.');
    const stranger = 'someone@elsewhere.example';
    await inject(
      running.app,
      buildEmail({ from: stranger, to: world.pairing.relayAddress, text: 'Hi?' }).raw,
      stranger,
      world.pairing.relayAddress,
    );
    await settled(db, 2);

    const after = await scrape();
    expect(after.types.get('mentormail_relay_latency_seconds')).toBe('histogram');
    expect(after.types.get('mentormail_sends_total')).toBe('counter');
    // Node's own figures, which start at the first scrape (metrics-endpoint.ts).
    expect(after.types.get('nodejs_gc_duration_seconds')).toBe('histogram');
    expect(after.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(after.value('mentormail_metrics_source_up', { source: 'postgres' })).toBe(1);
    expect(after.value('mentormail_metrics_source_up', { source: 'redis' })).toBe(1);
    expect(after.value('mentormail_inbound_emails_24h', { status: 'accepted', reason: 'relayed' })).toBe(2);
    expect(
      after.value('mentormail_inbound_emails_24h', { status: 'rejected', reason: 'unknown_sender' }),
    ).toBe(1);
    expect(after.value('mentormail_deliveries_24h', { kind: 'relay', status: 'sent' })).toBe(2);
    expect(after.value('mentormail_deliveries_sent', { window: '5m' })).toBe(2);
    expect(after.value('mentormail_deliveries_sent', { window: '7d' })).toBe(2);
    expect(after.value('mentormail_bounce_rate', { window: '24h' })).toBe(0);
    expect(after.value('mentormail_suppressions')).toBe(0);
    expect(after.value('mentormail_sends_total', { kind: 'relay', transport: 'file' })).toBe(2);
    expect(after.value('mentormail_queue_jobs', { queue: 'inbound', state: 'completed' })).toBe(3);
    expect(after.value('mentormail_queue_jobs', { queue: 'outbound', state: 'completed' })).toBe(2);
    expect(latencyCount(after) - latencyCount(before)).toBe(2);
    // Cumulative buckets, the last one holding every observation.
    const buckets = after.samples.filter((s) => s.name === 'mentormail_relay_latency_seconds_bucket');
    expect(buckets.map((b) => b.value)).toEqual([...buckets.map((b) => b.value)].sort((a, b) => a - b));
    expect(after.value('mentormail_relay_latency_seconds_bucket', { le: '+Inf' })).toBe(latencyCount(after));
  });

  it('shows the copy waiting in the outbound queue, then its latency from receipt once sent', async () => {
    const outbound = running.app.get<Queue>(getQueueToken(QUEUES.outbound));
    const before = await scrape();
    await outbound.pause(true);
    const email = await sendAs(running.app, world, 'mentee', 'Waiting in line.');
    await waitFor(async () => (await outbound.getJobCounts()).waiting === 1);

    const waiting = await scrape();
    expect(waiting.value('mentormail_queue_jobs', { queue: 'outbound', state: 'waiting' })).toBe(1);
    expect(
      waiting.value('mentormail_queue_oldest_waiting_age_seconds', { queue: 'outbound' }),
    ).toBeGreaterThan(0);
    expect(waiting.value('mentormail_deliveries_open', { status: 'queued' })).toBe(1);
    expect(waiting.value('mentormail_deliveries_oldest_age_seconds', { status: 'queued' })).toBeGreaterThan(
      0,
    );
    expect(latencyCount(waiting)).toBe(latencyCount(before));

    const received = await db.getRepository(InboundEmail).findOneByOrFail({ messageId: email.messageId });
    const resumedAt = Date.now();
    await outbound.resume(true);
    await settled(db, 3);
    const sent = await scrape();
    expect(latencyCount(sent)).toBe(latencyCount(before) + 1);
    // Measured from the inbound email's receipt, so it includes the time it waited in the queue.
    const waited = (resumedAt - received.receivedAt.getTime()) / 1000;
    expect(latencySum(sent) - latencySum(before)).toBeGreaterThanOrEqual(waited - 0.01);
    expect(sent.value('mentormail_queue_jobs', { queue: 'outbound', state: 'waiting' })).toBe(0);
  });

  it('is live and ready; /health is the readiness probe', async () => {
    const live = await fetch(`${running.httpUrl}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const report = { status: 'ok', postgres: 'up', redis: 'up', migrations: 'applied' };
    for (const path of ['/health/ready', '/health']) {
      const res = await fetch(`${running.httpUrl}${path}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(report);
    }
  });

  it('without Redis: live, not ready, and the metrics say which source is down', async () => {
    // Nothing listens on port 1: every Redis command waits, then fails.
    const cut = await env.start({ ROLES: 'api', REDIS_URL: 'redis://127.0.0.1:1', ...GUARDED });
    try {
      expect((await fetch(`${cut.httpUrl}/health/live`)).status).toBe(200);
      // Both wait out their 2 s Redis timeout: side by side.
      const [ready, metrics] = await Promise.all([fetch(`${cut.httpUrl}/health/ready`), scrape(cut.httpUrl)]);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({
        status: 'degraded',
        postgres: 'up',
        redis: 'down',
        migrations: 'applied',
      });
      expect(metrics.value('mentormail_metrics_source_up', { source: 'redis' })).toBe(0);
      expect(metrics.value('mentormail_metrics_source_up', { source: 'postgres' })).toBe(1);
      expect(
        metrics.value('mentormail_queue_jobs', { queue: 'inbound', state: 'completed' }),
      ).toBeUndefined();
      // PostgreSQL's families are still there.
      expect(metrics.value('mentormail_suppressions')).toBe(0);
    } finally {
      await cut.close();
    }
  });
});
