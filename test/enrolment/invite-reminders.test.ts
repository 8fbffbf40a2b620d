import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { StaffAuthService } from '../../src/admin/auth/staff-auth.service';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { Transactor } from '../../src/database/transactor';
import { ParticipantProfile } from '../../src/enrolment/entities/participant-profile.entity';
import { EnrolmentService } from '../../src/enrolment/enrolment.service';
import { enrolmentStage } from '../../src/enrolment/stage';
import { OutboxService } from '../../src/outbound/outbox.service';
import { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { FakeClock } from '../prompts/fake-clock';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60_000);

const DAY = 86_400_000;

/**
 * Staff invitations through the API (one person, a CSV), reminders for unanswered steps from the
 * schedule tick on a fake clock, and a guardian's consent for someone under the programme's age.
 */
describe('invitations, reminders and guardian consent', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let token: string;
  let programme: Programme;
  let youth: Programme;
  const clock = new FakeClock(new Date());

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    const { id } = await createAdmin(running.app, 'staff@example.org', 'correct horse battery');
    token = await running.app.get(StaffAuthService).issueApiToken(id);
    const programs = running.app.get(ProgramsService);
    programme = await programs.createProgramme('Harbour Mentors');
    youth = await programs.createProgramme('Young Voices', { consentAge: 16 });
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const api = (path: string, body: unknown) =>
    fetch(`${running.httpUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const mailsTo = async (to: string) =>
    (await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === to);

  it('invites one person by the API, once however often it is asked', async () => {
    const body = {
      programmeId: programme.id,
      name: 'Rui Costa',
      email: 'Rui@People.example',
      role: 'mentor',
    };
    const first = await api('/api/participants', body);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ email: 'rui@people.example', role: 'mentor', created: true });
    const again = await api('/api/participants', body);
    expect(await again.json()).toMatchObject({ created: false });
    const mail = await waitFor(async () => (await mailsTo('rui@people.example'))[0] ?? null);
    expect(mail.parsed.text).toContain('invited you to take part as a mentor');
    expect(await db.getRepository(Participant).countBy({ email: 'rui@people.example' })).toBe(1);

    const bad = await api('/api/participants', {
      programmeId: programme.id,
      name: '',
      email: 'nope',
      role: 'boss',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(
      /name is required.*email must be an email address.*role must be mentor, mentee or either/,
    );
  });

  it('invites a CSV: every line or none, already-invited addresses skipped', async () => {
    const header = 'name,email,role,preferred_name,time_zone';
    const broken = await api(`/api/programmes/${programme.id}/invites`, {
      csv: `${header}\nMaya Ode,maya@people.example,either,,Europe/London\nBad Row,not-an-address,mentee,,Mars/Base`,
    });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toMatch(/line 3: .*not an email address.*unknown time zone/);
    expect(await db.getRepository(Participant).countBy({ email: 'maya@people.example' })).toBe(0);

    const ok = await api(`/api/programmes/${programme.id}/invites`, {
      csv: `${header}\nMaya Ode,maya@people.example,either,May,Europe/London\nRui Costa,rui@people.example,mentor,,UTC`,
    });
    expect(await ok.json()).toEqual({ invited: 1, skipped: 1 });
    const maya = await db.getRepository(Participant).findOneByOrFail({ email: 'maya@people.example' });
    expect(maya).toMatchObject({ role: 'mentee', preferredName: 'May', timeZone: 'Europe/London' });
    expect(
      await db.getRepository(ParticipantProfile).findOneByOrFail({ participantId: maya.id }),
    ).toMatchObject({
      roleWanted: 'either',
      source: 'invite',
    });
  });

  it('reminds an unanswered confirmation after 3 and 7 days, and never a third time', async () => {
    const tick = running.app.get(ScheduleTickService);
    const start = Date.now();
    const reminders = async () =>
      (await mailsTo('maya@people.example')).filter((m) => /^Reminder: /.test(m.parsed.subject ?? '')).length;
    expect((await tick.tick(clock.set(new Date(start + 2 * DAY).toISOString()))).enrolmentReminders).toBe(0);
    // Rui and Maya are both unconfirmed.
    expect(
      (await tick.tick(clock.set(new Date(start + 3 * DAY + 3600_000).toISOString()))).enrolmentReminders,
    ).toBe(2);
    expect((await tick.tick(clock.now())).enrolmentReminders).toBe(0);
    expect(
      (await tick.tick(clock.set(new Date(start + 7 * DAY + 3600_000).toISOString()))).enrolmentReminders,
    ).toBe(2);
    expect((await tick.tick(clock.set(new Date(start + 30 * DAY).toISOString()))).enrolmentReminders).toBe(0);
    await waitFor(async () => ((await reminders()) === 2 ? true : null));
    const [reminder] = (await mailsTo('maya@people.example')).filter((m) =>
      /^Reminder: /.test(m.parsed.subject ?? ''),
    );
    expect(reminder.parsed.text).toContain('Reply to this email. Any reply counts as yes');
  });

  it('asks a guardian for someone under the consent age; only the link’s POST consents, then they are ready', async () => {
    const app = running.app;
    const invited = await app
      .get(Transactor)
      .run((tx) =>
        app
          .get(EnrolmentService)
          .enrol(tx, youth, { name: 'Tom Reed', email: 'tom@people.example', role: 'mentee' }, 'invite'),
      );
    const profile = () =>
      db.getRepository(ParticipantProfile).findOneByOrFail({ participantId: invited.participant.id });
    // Confirmed by the link: GET shows the button and changes nothing; POST confirms.
    const link = `${running.httpUrl}/confirm/${(await profile()).confirmToken}`;
    expect(await (await fetch(link)).text()).toContain('<button type="submit">Confirm</button>');
    expect((await profile()).confirmedAt).toBeNull();
    expect((await fetch(link, { method: 'POST' })).status).toBe(200);
    expect((await profile()).confirmedAt).not.toBeNull();
    expect(
      (await fetch(`${running.httpUrl}/confirm/aaaaaaaaaaaaaaaaaaaaaaaaa`, { method: 'POST' })).status,
    ).toBe(404);

    const answers = [
      '1. Tom',
      '2. learn new skills',
      '3. coding',
      '4. education',
      '5. English',
      '6. Leeds',
      '7. Saturday mornings',
      '8. I am in year 10 and love building games.',
      '9. none',
      '10. 14',
      '11. My mum is mum.reed@family.example',
    ].join('\n');
    const result = await app.get(Transactor).run(async (tx) => {
      const person = (await app.get(EnrolmentService).personById(tx, invited.participant.id))!;
      return app
        .get(EnrolmentService)
        .answer(tx, person, answers, '00000000-0000-4000-8000-000000000001', true);
    });
    await app.get(OutboxService).enqueue(result.deliveries);
    expect(result.detail).toMatch(/profile complete/);
    const p = await profile();
    expect(p).toMatchObject({ age: 14, guardianEmail: 'mum.reed@family.example', guardianConsentedAt: null });
    expect(enrolmentStage(p, youth)).toBe('profile_complete');

    const guardianMail = await waitFor(async () => (await mailsTo('mum.reed@family.example'))[0] ?? null);
    expect(guardianMail.parsed.text).toContain('Tom would like to join our mentoring programme');
    const consentUrl = /https?:\/\/\S+\/consent\/[a-z2-7]+/.exec(guardianMail.parsed.text!)![0];
    const consentLink = `${running.httpUrl}${new URL(consentUrl).pathname}`;
    expect(await (await fetch(consentLink)).text()).toContain('I agree');
    expect((await profile()).guardianConsentedAt).toBeNull();
    expect((await fetch(consentLink, { method: 'POST' })).status).toBe(200);
    expect(enrolmentStage(await profile(), youth)).toBe('ready');
  });
});
