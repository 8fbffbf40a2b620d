import { DataSource } from 'typeorm';
import { SignalsRepository } from '../../src/attention/signals.repository';
import type { RunningApp } from '../../src/bootstrap';
import { CLOCK } from '../../src/prompts/clock';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { StaffClient } from '../admin/staff-client';
import { FakeClock } from '../prompts/fake-clock';
import { TestEnv } from '../support/test-env';

jest.setTimeout(90_000);

/**
 * A programme may keep a mentor's background check and training valid for so many months: the
 * schedule tick clears a record past it, as staff clearing it would (the pair pauses, its history
 * says why, the work queue shows it), and leaves a record still valid, or one in a programme
 * without a validity, as it is.
 */
describe('screening records lapse after the programme’s validity', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  const clock = new FakeClock(new Date('2026-03-02T12:00:00Z'));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api', SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const record = (w: PairingWorld, background: string, trained: string) =>
    db.query(`UPDATE participants SET background_checked_at = $2, trained_at = $3 WHERE id = $1`, [
      w.mentor.id,
      new Date(background),
      new Date(trained),
    ]);
  const screening = async (w: PairingWorld) =>
    (
      (await db.query(
        `SELECT background_checked_at, trained_at, screening_cleared_at FROM participants WHERE id = $1`,
        [w.mentor.id],
      )) as {
        background_checked_at: Date | null;
        trained_at: Date | null;
        screening_cleared_at: Date | null;
      }[]
    )[0];
  const status = async (w: PairingWorld) =>
    ((await db.query(`SELECT status FROM pairings WHERE id = $1`, [w.pairing.id])) as { status: string }[])[0]
      .status;

  it('clears what lapsed on the tick, pausing the pair with the reason in its history; nothing else', async () => {
    const youth = async (months: number | null) => {
      const w = await createPairingWorld(running.app);
      // Made before the fake clock's today, as a pair under way is.
      await db.query(`UPDATE pairings SET created_at = '2026-01-05T12:00:00Z' WHERE id = $1`, [w.pairing.id]);
      await db.query(`UPDATE programmes SET consent_age = 16, screening_valid_months = $2 WHERE id = $1`, [
        w.programme.id,
        months,
      ]);
      return w;
    };
    const lapsed = await youth(36);
    await record(lapsed, '2023-03-01T12:00:00Z', '2025-06-01T12:00:00Z'); // 36 months and a day
    const valid = await youth(36);
    await record(valid, '2023-03-03T12:00:00Z', '2025-06-01T12:00:00Z'); // a day short
    const forever = await youth(null);
    await record(forever, '2015-01-01T12:00:00Z', '2015-01-01T12:00:00Z');

    const tick = running.app.get(ScheduleTickService);
    expect((await tick.tick(clock.now())).screeningLapsed).toBe(1);
    const now = clock.now();
    expect(await screening(lapsed)).toEqual({
      background_checked_at: null,
      trained_at: new Date('2025-06-01T12:00:00Z'),
      screening_cleared_at: now,
    });
    expect(await status(lapsed)).toBe('paused');
    expect(
      await db.query(`SELECT action, note, staff_id FROM pairing_actions WHERE pairing_id = $1`, [
        lapsed.pairing.id,
      ]),
    ).toEqual([
      {
        action: 'pause',
        note: "Maria Mentor's background check lapsed (valid for 36 months)",
        staff_id: null,
      },
    ]);
    const signals = await running.app.get(SignalsRepository).signals(now, { pairingId: lapsed.pairing.id });
    expect(signals.map((s) => [s.signal, s.since, s.detail])).toEqual([
      ['screening_missing', now, 'background check not recorded'],
    ]);
    // Kept in the staff audit with no staff member, and said so on the participant's page.
    expect(
      await db.query(
        `SELECT action, detail, staff_id, at FROM staff_audit WHERE participant_id = $1 ORDER BY id`,
        [lapsed.mentor.id],
      ),
    ).toEqual([{ action: 'screening_lapsed', detail: 'background check', staff_id: null, at: now }]);
    const staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'lapse@staff.example');
    const page = (await (await staff.get(`/admin/participants/${lapsed.mentor.id}`)).text()).replace(
      /\s+/g,
      ' ',
    );
    expect(page).toContain(
      'A check lapsed on 2026-03-02 12:00: it was older than this programme keeps it valid.',
    );
    const audit = (await (await staff.get(`/admin/programmes/${lapsed.programme.id}/audit`)).text()).replace(
      /\s+/g,
      ' ',
    );
    expect(audit).toContain(
      '<td data-label="Staff">MentorMail</td><td data-label="Action">screening lapsed</td>' +
        '<td data-label="Participant">Maria Mentor</td><td data-label="Detail">background check</td>',
    );
    for (const w of [valid, forever]) {
      expect((await screening(w)).screening_cleared_at).toBeNull();
      expect(await status(w)).toBe('active');
    }

    // The next tick finds nothing more; a day later the second record lapses too.
    expect((await tick.tick(clock.set('2026-03-02T13:00:00Z'))).screeningLapsed).toBe(0);
    expect((await tick.tick(clock.set('2026-03-03T13:00:00Z'))).screeningLapsed).toBe(1);
    expect((await screening(valid)).background_checked_at).toBeNull();
  });
});
