import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { TestEnv } from '../support/test-env';
import { seedAdminBenchData, type BenchSeed } from './seed-bench';
import { StaffClient } from './staff-client';

/** Every page and API list answers on a realistic volume, with the content staff rely on. */
describe('admin pages on 1,000 pairings and 50,000 messages', () => {
  let env: TestEnv;
  let running: RunningApp;
  let client: StaffClient;
  let seed: BenchSeed;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    seed = await seedAdminBenchData(running.app.get(DataSource), { pairings: 1000, messages: 50_000 });
    client = await StaffClient.loggedIn(running.app, running.httpUrl!, 'bench@example.org');
  });

  afterAll(async () => {
    await env.destroy();
  });

  it('renders each page, timing it', async () => {
    const pages = [
      '/admin',
      '/admin/attention',
      `/admin/programmes/${seed.programmeIds[0]}`,
      `/admin/pairings/${seed.pairingIds[7]}`,
      `/admin/threads/${seed.threadIds[0]}`,
      '/admin/inbound',
      '/admin/inbound?status=held',
      `/admin/inbound/${seed.inboundIds[0]}`,
      '/admin/deliveries',
      '/admin/deliveries?status=failed',
      '/admin/suppressions',
      '/admin/templates',
      '/api/pairings',
      `/api/pairings/${seed.pairingIds[3]}`,
    ];
    const timings: Record<string, number> = {};
    for (const path of pages) {
      // Warm: first query plans, template compilation. The body is read to its end: a page left
      // unread (templates is 1.5 MB) holds its socket, and the server's close waits for it.
      await (await client.get(path)).arrayBuffer();
      const started = performance.now();
      const res = await client.get(path);
      timings[path] = Math.round(performance.now() - started);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      await res.arrayBuffer();
    }
    console.log(timings);
  });

  it('classifies the seeded pairings by health', async () => {
    const rows = (await (await client.get('/api/pairings?health=attention')).json()) as {
      reasons: string[];
    }[];
    const reasons = new Set(rows.flatMap((r) => r.reasons));
    expect([...reasons]).toEqual(
      expect.arrayContaining([
        'quiet_21_days',
        'one_sided',
        'held_mail',
        'delivery_failed',
        'bounce_or_complaint',
      ]),
    );
    const paused = (await (await client.get('/api/pairings?health=paused')).json()) as unknown[];
    expect(paused.length).toBeGreaterThan(0);
  });
});
