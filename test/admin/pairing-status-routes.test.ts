import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { ProgramsService } from '../../src/programs/programs.service';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';
import { StaffClient } from './staff-client';

jest.setTimeout(60_000);

/**
 * The pairing page's old one-click routes (and the JSON API's): pause and end email both members, so a bare POST without
 * the confirmation tick is refused and changes nothing; resume is kept in the pairing's history.
 */
describe('pause, end and resume on /admin/pairings/:id', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let staff: StaffClient;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api', SCHEDULE_TICK_MS: '3600000' });
    db = running.app.get(DataSource);
    staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'status@staff.example');
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const status = async (w: PairingWorld) =>
    ((await db.query(`SELECT status FROM pairings WHERE id = $1`, [w.pairing.id])) as { status: string }[])[0]
      .status;
  const history = async (w: PairingWorld) =>
    (
      (await db.query(
        `SELECT a.action, s.email FROM pairing_actions a LEFT JOIN staff_users s ON s.id = a.staff_id
         WHERE a.pairing_id = $1 ORDER BY a.created_at, a.id`,
        [w.pairing.id],
      )) as { action: string; email: string | null }[]
    ).map((r) => [r.action, r.email]);
  const notices = async (w: PairingWorld) =>
    (
      (await db.query(`SELECT count(*)::int AS n FROM deliveries WHERE pairing_id = $1 AND kind = 'notice'`, [
        w.pairing.id,
      ])) as { n: number }[]
    )[0].n;
  const post = async (w: PairingWorld, action: string, form: Record<string, string> = {}) =>
    staff.post(`/admin/pairings/${w.pairing.id}/${action}`, {
      _csrf: await staff.csrf(`/admin/pairings/${w.pairing.id}`),
      ...form,
    });

  it.each(['pause', 'end'])(
    'refuses %s without the confirmation tick: 400, nothing changes, nobody emailed',
    async (action) => {
      const w = await createPairingWorld(running.app);
      const response = await post(w, action);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('Tick the box to confirm');
      // A tick with the wrong value is no tick either.
      expect((await post(w, action, { confirm: 'on' })).status).toBe(400);
      expect(await status(w)).toBe('active');
      expect(await history(w)).toEqual([]);
      expect(await notices(w)).toBe(0);
    },
  );

  it('with the tick it is the confirmed pause: members emailed, kept in the history', async () => {
    const w = await createPairingWorld(running.app);
    const response = await post(w, 'pause', { confirm: 'yes' });
    expect(response.status).toBe(303);
    expect(await status(w)).toBe('paused');
    expect(await notices(w)).toBe(2);
    expect(await history(w)).toEqual([['pause', 'status@staff.example']]);
  });

  it.each([
    ['pause', 'paused'],
    ['end', 'ended'],
  ])(
    "the JSON API's %s is the same confirmed action: members emailed, kept in the history",
    async (action, to) => {
      const w = await createPairingWorld(running.app);
      const response = await staff.request(`/api/pairings/${w.pairing.id}/${action}`, {
        method: 'POST',
        headers: { 'x-csrf-token': await staff.csrf() },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: to });
      expect(await status(w)).toBe(to);
      expect(await notices(w)).toBe(2);
      expect(await history(w)).toEqual([[action, 'status@staff.example']]);
    },
  );

  it('resume is recorded in the pairing history like pause, with who did it, and shown on the page', async () => {
    const w = await createPairingWorld(running.app);
    const paused = await staff.post(`/admin/queue/${w.pairing.id}/pause`, {
      _csrf: await staff.csrf(`/admin/pairings/${w.pairing.id}`),
      confirm: 'yes',
      note: 'exams',
    });
    expect(paused.status).toBe(303);
    expect(await status(w)).toBe('paused');

    const page = await (await staff.get(`/admin/pairings/${w.pairing.id}`)).text();
    expect(page).toContain(`action="/admin/pairings/${w.pairing.id}/resume"`);
    const resumed = await post(w, 'resume');
    expect(resumed.status).toBe(303);
    expect(await status(w)).toBe('active');
    expect(await history(w)).toEqual([
      ['pause', 'status@staff.example'],
      ['resume', 'status@staff.example'],
    ]);
    expect(await (await staff.get(`/admin/pairings/${w.pairing.id}`)).text()).toContain('Resumed');

    // Resuming an active pairing is refused and not recorded twice.
    expect((await post(w, 'resume')).status).toBe(400);
    expect((await history(w)).length).toBe(2);
  });

  it("resume is refused while the mentor's screening is missing or a minor's consent awaited, naming why", async () => {
    const programs = running.app.get(ProgramsService);
    const tag = randomBytes(3).toString('hex');
    const youth = await programs.createProgramme(`Young Makers ${tag}`, { consentAge: 16 });
    const w = await createPairingWorld(running.app, { programme: youth });
    await db.query(`UPDATE participants SET background_checked_at = now() WHERE id = $1`, [w.mentor.id]);
    // Their ages are known: in a youth programme an unknown age waits for consent too.
    const profile = `INSERT INTO participant_profiles (participant_id, programme_id, confirm_token, age, guardian_consented_at)
       VALUES ($1, $2, md5(random()::text), $3, $4)`;
    await db.query(profile, [w.mentor.id, youth.id, 41, null]);
    await db.query(profile, [w.mentee.id, youth.id, 14, new Date()]);
    await programs.setPairingStatus(w.pairing.id, 'paused');

    const untrained = await post(w, 'resume');
    expect(untrained.status).toBe(400);
    expect(await untrained.text()).toContain('Maria Mentor: their safeguarding training is not recorded');
    expect(await status(w)).toBe('paused');

    await db.query(`UPDATE participants SET trained_at = now() WHERE id = $1`, [w.mentor.id]);
    await db.query(`UPDATE participant_profiles SET guardian_consented_at = NULL WHERE participant_id = $1`, [
      w.mentee.id,
    ]);
    const withdrawn = await post(w, 'resume');
    expect(withdrawn.status).toBe(400);
    expect(await withdrawn.text()).toMatch(/Tom Mentee: guardian consent is awaited/);
    expect(await status(w)).toBe('paused');
    expect(await history(w)).toEqual([]);

    await db.query(
      `UPDATE participant_profiles SET guardian_consented_at = now() WHERE participant_id = $1`,
      [w.mentee.id],
    );
    expect((await post(w, 'resume')).status).toBe(303);
    expect(await status(w)).toBe('active');
  });
});
