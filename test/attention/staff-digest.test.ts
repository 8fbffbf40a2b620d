import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { OutboxService } from '../../src/outbound/outbox.service';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { StaffClient } from '../admin/staff-client';
import { write } from '../admin/prompt-rows';
import { createPairingWorld } from '../factories/pairing.factory';
import { FakeClock } from '../prompts/fake-clock';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { held } from './attention-rows';

jest.setTimeout(120_000);

/** The weekly staff digest, on the tick with a fake clock (digest time: Friday 16:00 UTC). */
describe('the weekly staff digest', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let tick: ScheduleTickService;
  const clock = new FakeClock(new Date('2026-03-02T12:00:00Z'));
  const ON = 'keen@staff.example';
  const OFF = 'quiet@staff.example';

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start(
      { ROLES: 'api', SCHEDULE_TICK_MS: '3600000', DIGEST_WEEKDAY: '5', DIGEST_HOUR: '16' },
      [[CLOCK, clock]],
    );
    db = running.app.get(DataSource);
    tick = running.app.get(ScheduleTickService);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const digestsTo = async (email: string) =>
    (await db.query(
      `SELECT id FROM deliveries WHERE to_address = $1 AND dedupe_key LIKE 'staff-digest:%' ORDER BY created_at`,
      [email],
    )) as { id: string }[];

  it('goes once a week to staff who keep it on, with new items, snoozed-and-due, funnel and reply times; the off switch works', async () => {
    const keen = await StaffClient.loggedIn(running.app, running.httpUrl!, ON);
    const quiet = await StaffClient.loggedIn(running.app, running.httpUrl!, OFF);
    // The account page's form, unticked: the digest is off for this one.
    expect(await quiet.get('/admin/account').then((r) => r.text())).toContain(
      'name="weeklyDigest" value="yes" checked',
    );
    expect((await quiet.post('/admin/account/digest', { _csrf: await quiet.csrf() })).status).toBe(303);
    expect(await quiet.get('/admin/account').then((r) => r.text())).not.toContain('value="yes" checked');

    const w = await createPairingWorld(running.app);
    await write(db, w, w.mentor.id, new Date('2026-02-20T10:00:00Z'));
    await write(db, w, w.mentee.id, new Date('2026-02-21T10:00:00Z'));
    await write(db, w, w.mentor.id, new Date('2026-03-03T10:00:00Z'));
    await held(db, w, new Date('2026-03-04T10:00:00Z'));
    const snoozed = await createPairingWorld(running.app);
    await held(db, snoozed, new Date('2026-02-10T10:00:00Z'));
    await db.query(
      `INSERT INTO pairing_actions (pairing_id, action, signal, snoozed_until, created_at)
       VALUES ($1, 'snooze', 'moderation_hold', '2026-03-05T09:00:00Z', '2026-02-26T09:00:00Z')`,
      [snoozed.pairing.id],
    );

    expect((await tick.tick(clock.set('2026-03-06T15:59:00Z'))).staffDigests).toBe(0);
    expect((await tick.tick(clock.set('2026-03-06T16:00:00Z'))).staffDigests).toBe(1);
    expect((await tick.tick(clock.set('2026-03-06T17:00:00Z'))).staffDigests).toBe(0);
    expect(await digestsTo(OFF)).toHaveLength(0);
    const [digest] = await digestsTo(ON);
    await running.app.get(OutboxService).send(digest.id);
    const mail = (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === ON);
    expect(mail?.parsed.subject).toBe('Your week in MentorMail: 1 new to look at');
    const text = (mail?.parsed.text ?? '').replace(/\s+/g, ' ');
    expect(text).toContain(
      'New this week (1) A message is held for review: Maria Mentor (mentor), Tom Mentee (mentee)',
    );
    expect(text).toContain('Snoozed and now due (1) A message is held for review');
    expect(text).toContain(`${w.programme.name} Funnel:`);
    // Replies in the week: the mentor's of 3 March answered the mentee's of 21 Feb (10 days); the
    // week before, the mentee's of 21 Feb answered the mentor's of 20 Feb (1 day).
    expect(text).toContain('Median reply time: 10.0 days this week, 1.0 days the week before');
    expect(text).toContain('Median reply time: no replies this week, no replies the week before');
    // The off switch it points to is the account page's form.
    const settings = /Turn the weekly digest off \[(http[^\]]+)\]/.exec(mail?.parsed.text ?? '')?.[1];
    expect(new URL(settings!).pathname).toBe('/admin/account');
    expect(await keen.get('/admin/account').then((r) => r.text())).toContain(
      'action="/admin/account/digest"',
    );

    // Next week: again, once; after turning it off, no more.
    expect((await tick.tick(clock.set('2026-03-13T16:00:00Z'))).staffDigests).toBe(1);
    await keen.post('/admin/account/digest', { _csrf: await keen.csrf() });
    expect((await tick.tick(clock.set('2026-03-20T16:00:00Z'))).staffDigests).toBe(0);
  });

  it("covers only a coordinator's programmes; staff who coordinate none get every programme", async () => {
    const COORD = 'coord@staff.example';
    const ALL = 'everything@staff.example';
    const coord = await StaffClient.loggedIn(running.app, running.httpUrl!, COORD);
    await StaffClient.loggedIn(running.app, running.httpUrl!, ALL);
    const a = await createPairingWorld(running.app);
    const b = await createPairingWorld(running.app);
    await held(db, a, new Date('2026-04-01T10:00:00Z'));
    await held(db, b, new Date('2026-04-01T11:00:00Z'));

    // The overview's form preselects the viewer; adding makes them this programme's coordinator.
    const overview = await coord.get(`/admin/programmes/${a.programme.id}`).then((r) => r.text());
    expect(overview).toContain('No coordinator yet: this programme is in every staff member');
    const own = new RegExp(`<option value="([0-9a-f-]{36})" selected>\\s*${COORD}\\s*</option>`).exec(
      overview,
    )?.[1];
    expect(own).toBeDefined();
    const added = await coord.post(`/admin/programmes/${a.programme.id}/coordinators`, {
      _csrf: await coord.csrf(),
      staffId: own!,
    });
    expect(added.status).toBe(303);
    expect(await coord.get(`/admin/programmes/${a.programme.id}`).then((r) => r.text())).toContain(
      `Remove ${COORD}`,
    );
    const account = await coord.get('/admin/account').then((r) => r.text());
    expect(account).toContain(`covers the programmes you coordinate:`);
    expect(account).toContain(`>${a.programme.name}</a>`);
    // A stale or forged form adds nothing and says so.
    expect(
      (
        await coord.post(`/admin/programmes/${a.programme.id}/coordinators`, {
          _csrf: await coord.csrf(),
          staffId: 'x',
        })
      ).status,
    ).toBe(400);

    expect((await tick.tick(clock.set('2026-04-03T16:00:00Z'))).staffDigests).toBe(2);
    const text = async (email: string) => {
      const [digest] = await digestsTo(email);
      await running.app.get(OutboxService).send(digest.id);
      const mail = (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === email);
      return { subject: mail?.parsed.subject, text: (mail?.parsed.text ?? '').replace(/\s+/g, ' ') };
    };
    const mine = await text(COORD);
    expect(mine.subject).toBe('Your week in MentorMail: 1 new to look at');
    expect(mine.text).toContain(`${a.programme.name} Funnel:`);
    expect(mine.text).not.toContain(b.programme.name);
    const all = await text(ALL);
    // Everything new in every programme: A's and B's holds, and whatever the earlier worlds raised.
    expect(
      Number(/^Your week in MentorMail: (\d+) new to look at$/.exec(all.subject ?? '')?.[1]),
    ).toBeGreaterThanOrEqual(2);
    expect(all.text).toContain(`${a.programme.name} Funnel:`);
    expect(all.text).toContain(`${b.programme.name} Funnel:`);

    // Removed, they are back to every programme.
    await coord.post(`/admin/programmes/${a.programme.id}/coordinators/${own!}/remove`, {
      _csrf: await coord.csrf(),
    });
    expect(await coord.get('/admin/account').then((r) => r.text())).toContain('You coordinate no programme');
  });

  it("names a programme's mentors still to screen, linking to exactly them", async () => {
    const EMAIL = 'screening@staff.example';
    const staff = await StaffClient.loggedIn(running.app, running.httpUrl!, EMAIL);
    const youth = await createPairingWorld(running.app);
    await db.query(`UPDATE programmes SET consent_age = 16 WHERE id = $1`, [youth.programme.id]);
    const screened = await running.app.get(ProgramsService).addParticipant(youth.programme.id, {
      name: 'Sam Screened',
      email: `sam.${youth.pairing.id.slice(0, 6)}@mentors.example`,
      role: 'mentor',
    });
    // Screened on 20 April 2023; valid 36 months, so it lapses ten days after this digest.
    await db.query(`UPDATE programmes SET screening_valid_months = 36 WHERE id = $1`, [youth.programme.id]);
    await db.query(
      `UPDATE participants SET background_checked_at = '2023-04-20T12:00:00Z', trained_at = now() WHERE id = $1`,
      [screened.id],
    );

    await tick.tick(clock.set('2026-04-10T16:00:00Z'));
    const [digest] = await digestsTo(EMAIL);
    await running.app.get(OutboxService).send(digest.id);
    const mail = (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === EMAIL)!;
    const text = mail.parsed.text!.replace(/\s+/g, ' ');
    const line = new RegExp(
      `Median reply time: [^.]*?Screening: 1 mentor awaits a background check or training record; 1 mentor's record lapses within 30 days \\[(http[^\\]]+)\\]`,
    ).exec(text);
    expect(line).not.toBeNull();
    // Only the youth programme has the line: the others do not screen mentors.
    expect(text.match(/Screening:/g)).toHaveLength(1);
    const list = await staff.get(new URL(line![1]).pathname + new URL(line![1]).search).then((r) => r.text());
    expect(list).toContain('Maria Mentor');
    expect(list).not.toContain('Sam Screened');
  });
});
