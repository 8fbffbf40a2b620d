import type { RunningApp } from '../../src/bootstrap';
import { DataSource } from 'typeorm';
import {
  FUNNEL_SQL_FOR_TESTS,
  FunnelRepository,
  funnelRows,
} from '../../src/admin/repositories/funnel.repository';
import { TestEnv } from '../support/test-env';
import { seedFunnel } from './seed-funnel';

describe("a programme's funnel", () => {
  let env: TestEnv;
  let running: RunningApp;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
  });

  afterAll(async () => {
    await env.destroy();
  });

  it('counts each stage from seeded people, pairs, messages and survey answers', async () => {
    const { programme } = await seedFunnel(running.app);
    await seedFunnel(running.app); // another programme: counted apart
    const [funnel] = await running.app.get(FunnelRepository).funnels(programme.id);
    expect(funnel.counts).toEqual({
      invited: 10,
      confirmed: 8,
      'profile complete': 7,
      matched: 6,
      'first exchange': 4,
      'active at week 4': 2,
      'active at week 8': 2,
      'active at week 12': 2,
      'closed well': 3,
    });
    const all = await running.app.get(FunnelRepository).funnels();
    expect(all.find((f) => f.programmeId === programme.id)).toEqual(funnel);
    expect(all.length).toBeGreaterThanOrEqual(2);

    const rows = funnelRows(funnel.counts);
    expect(rows.find((r) => r.stage === 'matched')).toEqual({ stage: 'matched', n: 6, pct: 60, drop: 1, dropPct: 14 });
    expect(rows.find((r) => r.stage === 'active at week 4')).toMatchObject({ drop: 2, dropPct: 50 });
    // Closed well counts short programmes too, so it may exceed week 12: shown as a gain, not a drop.
    expect(rows.find((r) => r.stage === 'closed well')).toMatchObject({ n: 3, drop: -1 });
  });

  it('uses the indexes it names, not a scan of messages', async () => {
    const { programme } = await seedFunnel(running.app);
    // One connection, so the setting holds for the EXPLAIN (a pool could hand out another).
    const runner = running.app.get(DataSource).createQueryRunner();
    try {
      await runner.query('SET enable_seqscan = off');
      const plan: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN ${FUNNEL_SQL_FOR_TESTS}`, [
        programme.id,
      ]);
      const text = plan.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toMatch(/IDX_admin_messages_pairing_author/);
      expect(text).not.toMatch(/Seq Scan on (messages|pairings|participants|poll_votes)/);
    } finally {
      await runner.query('RESET enable_seqscan');
      await runner.release();
    }
  });
});
