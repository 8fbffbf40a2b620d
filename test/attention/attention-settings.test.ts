import { DataSource } from 'typeorm';
import { SignalsRepository } from '../../src/attention/signals.repository';
import type { RunningApp } from '../../src/bootstrap';
import { Programme } from '../../src/programs/entities/programme.entity';
import { CLOCK } from '../../src/prompts/clock';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { write } from '../admin/prompt-rows';
import { StaffClient } from '../admin/staff-client';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { FakeClock } from '../prompts/fake-clock';
import { TestEnv } from '../support/test-env';
import { plus, sentWelcome } from './attention-rows';

jest.setTimeout(90_000);

/**
 * The overview tab's "Needs attention and reminders" form: what staff save there is what the signals
 * and the nudges read (a threshold moved by the form moves the day the signal fires), and a value out
 * of range is refused with the problem named and nothing saved.
 */
describe('attention thresholds and nudge settings, edited by staff', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let staff: StaffClient;
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));
  const T0 = new Date('2026-03-01T12:00:00Z');

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api', SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'thresholds@staff.example');
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const DEFAULTS = {
    firstExchangeDays: '10',
    owedReplyDays: '14',
    oneSidedMessages: '3',
    lowScore: '2',
    silenceDays: '21',
    nudgeAfterDays: '4',
    nudgeMax: '2',
  };
  const save = async (w: PairingWorld, form: Record<string, string>) =>
    staff.post(`/admin/programmes/${w.programme.id}/attention`, {
      _csrf: await staff.csrf(`/admin/programmes/${w.programme.id}`),
      ...DEFAULTS,
      ...form,
    });
  const saved = (w: PairingWorld) =>
    db.getRepository(Programme).findOneByOrFail({ id: w.programme.id });
  const signalsAt = async (w: PairingWorld, at: Date) =>
    (await running.app.get(SignalsRepository).signals(at, { pairingId: w.pairing.id })).map((r) => r.signal);

  it('shows the current values on the overview tab', async () => {
    const w = await createPairingWorld(running.app);
    const page = await (await staff.get(`/admin/programmes/${w.programme.id}`)).text();
    expect(page).toContain('Needs attention and reminders');
    expect(page).toMatch(/name="firstExchangeDays"[^>]*value="10"/);
    expect(page).toMatch(/name="nudgeMax"[^>]*value="2"/);
  });

  it('a first exchange due by day 4 instead of 10: the signal fires on day 4', async () => {
    const w = await createPairingWorld(running.app);
    await sentWelcome(db, w, T0);
    expect(await signalsAt(w, plus(T0, 4))).toEqual([]);

    const response = await save(w, { firstExchangeDays: '4' });
    expect(response.status).toBe(303);
    expect(decodeURIComponent(response.headers.get('location') ?? '')).toContain(
      'a first exchange is due by day 4',
    );
    expect(await signalsAt(w, plus(T0, 4, -1000))).toEqual([]);
    expect(await signalsAt(w, plus(T0, 4))).toEqual(['no_first_exchange']);
    // The overview shows what was saved.
    const page = await (await staff.get(`/admin/programmes/${w.programme.id}`)).text();
    expect(page).toMatch(/name="firstExchangeDays"[^>]*value="4"/);
  });

  it('one-sided after two unanswered messages once set to 2', async () => {
    const w = await createPairingWorld(running.app);
    await write(db, w, w.mentee.id, T0);
    await write(db, w, w.mentor.id, plus(T0, 1));
    await write(db, w, w.mentor.id, plus(T0, 2));
    expect(await signalsAt(w, plus(T0, 2, 1000))).toEqual([]);
    expect((await save(w, { oneSidedMessages: '2' })).status).toBe(303);
    expect(await signalsAt(w, plus(T0, 2, 1000))).toEqual(['one_sided']);
  });

  it('no reminders once the maximum is 0: staff are alerted after the first interval instead', async () => {
    const w = await createPairingWorld(running.app);
    await write(db, w, w.mentee.id, plus(T0, -1));
    await write(db, w, w.mentor.id, T0);
    expect((await save(w, { nudgeAfterDays: '2', nudgeMax: '0' })).status).toBe(303);
    // Two days later and well past the programme's send hour in any zone.
    const report = await running.app.get(ScheduleTickService).tick(clock.set(plus(T0, 3).toISOString()));
    const nudges = await db.query(`SELECT id FROM deliveries WHERE pairing_id = $1 AND dedupe_key LIKE 'nudge:%'`, [
      w.pairing.id,
    ]);
    expect(nudges).toHaveLength(0);
    expect(report.nudges.alerted).toBeGreaterThanOrEqual(1);
    const history = (await db.query(`SELECT action FROM pairing_actions WHERE pairing_id = $1`, [w.pairing.id])) as {
      action: string;
    }[];
    expect(history.map((h) => h.action)).toEqual(['nudges_unanswered']);
  });

  it.each([
    [{ firstExchangeDays: '0' }, 'Days to a first exchange must be 1 to 365'],
    [{ oneSidedMessages: '1' }, 'Unanswered messages in a row must be 2 to 100'],
    [{ lowScore: '6' }, 'A low score must be 1 to 5'],
    [{ silenceDays: 'soon' }, 'Days of silence must be 1 to 365'],
    [{ nudgeMax: '' }, 'Reminders at most must be 0 to 10'],
    [{ nudgeAfterDays: '-3' }, 'Days before a reminder must be 1 to 365'],
  ])('refuses %o with the problem shown and saves nothing', async (bad, message) => {
    const w = await createPairingWorld(running.app);
    const before = await saved(w);
    // A good change beside the bad one is not saved either.
    const response = await save(w, { owedReplyDays: '30', ...bad });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(await saved(w)).toEqual(before);
  });

  it('refuses a post without the CSRF token', async () => {
    const w = await createPairingWorld(running.app);
    const response = await staff.post(`/admin/programmes/${w.programme.id}/attention`, { ...DEFAULTS, nudgeMax: '5' });
    expect(response.status).toBe(403);
    expect((await saved(w)).nudgeMax).toBe(2);
  });
});
