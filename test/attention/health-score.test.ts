import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { StaffClient } from '../admin/staff-client';
import { createPairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';
import { write } from '../admin/prompt-rows';
import { held } from './attention-rows';

jest.setTimeout(90_000);

describe('health scores: a sortable column of the pairings and a summary on the dashboard', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let staff: StaffClient;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api', SCHEDULE_TICK_MS: '3600000' });
    db = running.app.get(DataSource);
    staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'scores@staff.example');
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  /** The pairings table's rows as [pairing id, score]. */
  const rowsOf = (page: string) =>
    [
      ...page.matchAll(
        /<a href="\/admin\/pairings\/([0-9a-f-]{36})">[^<]*<\/a><\/td>\s*<td data-label="Score">([^<]+)<\/td>/g,
      ),
    ].map((m) => [m[1], m[2].trim()]);

  it('scores each active pairing from its signals, sorts by it both ways, and sums it up per programme', async () => {
    const healthy = await createPairingWorld(running.app);
    const programme = healthy.programme;
    const hold = await createPairingWorld(running.app, { programme });
    const worse = await createPairingWorld(running.app, { programme });
    const paused = await createPairingWorld(running.app, { programme });
    const recent = new Date(Date.now() - 3600_000);
    await write(db, healthy, healthy.mentor.id, recent);
    await write(db, healthy, healthy.mentee.id, recent);
    await held(db, hold, recent);
    await held(db, worse, recent);
    // Three unanswered messages in a row from the mentor as well: one-sided.
    for (let i = 3; i > 0; i--) await write(db, worse, worse.mentor.id, new Date(Date.now() - i * 60_000));
    await db.query(`UPDATE pairings SET status = 'paused' WHERE id = $1`, [paused.pairing.id]);

    const asc = await (await staff.get(`/admin/programmes/${programme.id}/pairings?sort=score`)).text();
    expect(asc).toContain('aria-sort="ascending"');
    expect(rowsOf(asc)).toEqual([
      [worse.pairing.id, '35'],
      [hold.pairing.id, '60'],
      [healthy.pairing.id, '100'],
      [paused.pairing.id, '—'],
    ]);
    // The header link sorts the other way.
    expect(asc).toContain(`href="/admin/programmes/${programme.id}/pairings?sort=score&amp;dir=descending"`);
    const desc = await (
      await staff.get(`/admin/programmes/${programme.id}/pairings?sort=score&dir=descending`)
    ).text();
    expect(rowsOf(desc).map((r) => r[1])).toEqual(['100', '60', '35', '—']);

    const dashboard = await (await staff.get('/admin')).text();
    const card = new RegExp(`data-programme="${programme.id}">([\\s\\S]*?)</div>`).exec(dashboard)?.[1] ?? '';
    // (100 + 60 + 35) / 3 active pairings; two below 70; three open items (hold, hold, one-sided).
    const text = card.replace(/\s+/g, ' ');
    expect(text).toContain('Health score <strong>65</strong> of 100');
    expect(text).toContain('2 at risk');
    expect(text).toContain('3 in the work queue');
  });
});
