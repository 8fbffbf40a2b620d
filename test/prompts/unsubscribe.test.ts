import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Schedule } from '../../src/prompts/entities/schedule.entity';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { UnsubscribeLinks } from '../../src/unsubscribe/unsubscribe-links';
import { createPairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';

// Real PostgreSQL, Redis and SMTP on a shared machine: allow more than Jest's 5 s default.
jest.setTimeout(60_000);

describe('one-click unsubscribe (RFC 8058)', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api', SCHEDULE_TICK_MS: '3600000' });
    db = running.app.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('GET only asks; POST with no body stops prompts and digests; bad tokens are refused', async () => {
    const world = await createPairingWorld(running.app);
    await running.app.get(ScheduleTickService).tick(new Date('2026-03-01T12:00:00Z'));
    const url = running.app.get(UnsubscribeLinks).url(world.mentee.id);
    const path = new URL(url).pathname;
    const stoppedAt = async () =>
      (await db.query(`SELECT prompts_stopped_at FROM participants WHERE id = $1`, [world.mentee.id]))[0]
        .prompts_stopped_at as Date | null;

    const page = await fetch(`${running.httpUrl}${path}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Tom Mentee');
    expect(html).toContain('method="post"');
    expect(await stoppedAt()).toBeNull();

    const done = await fetch(`${running.httpUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(done.status).toBe(200);
    expect(await stoppedAt()).toBeInstanceOf(Date);
    const rows = await db.getRepository(Schedule).findBy({ participantId: world.mentee.id });
    expect(rows.map((r) => r.nextRunAt)).toEqual([null, null]);
    // The partner is untouched.
    const mentorRows = await db.getRepository(Schedule).findBy({ participantId: world.mentor.id });
    expect(mentorRows.every((r) => r.nextRunAt !== null)).toBe(true);

    const forged = path.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(`${running.httpUrl}${forged}`, { method: 'POST' })).status).toBe(404);
  });
});
