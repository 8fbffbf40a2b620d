import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { addProfiled } from '../factories/match-people';
import { TestEnv } from '../support/test-env';
import { robotToken, StaffClient } from './staff-client';

jest.setTimeout(60_000);

/**
 * Staff cannot place a person whose guardian's consent is awaited (a youth programme's minor, or
 * someone there whose age is unknown) in a pairing, a circle or an imported pairing or circle: the
 * form marks them, the server refuses naming them, and nothing is created. An adult programme (no
 * consent age) is unaffected.
 */
describe('guardian consent gates what staff create: pairings, circles, the CSV import', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let staff: StaffClient;
  let token: string;
  let youth: Programme;
  let mentor: Participant;
  let waiting: Participant; // 14, guardian not yet agreed
  let consented: Participant; // 14, guardian agreed
  let unknownAge: Participant; // no age given

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    db = running.app.get(DataSource);
    staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'consent-staff@example.org');
    token = await robotToken(running.app, 'consent-robot@example.org');
    const tag = randomBytes(3).toString('hex');
    youth = await running.app.get(ProgramsService).createProgramme(`Young Voices ${tag}`, { consentAge: 16 });
    mentor = await addProfiled(running.app, youth, 'mentor', { name: 'Maya Mentor', age: 34 });
    // A youth programme also screens its mentors (see the last cases): Maya's are recorded.
    await db.query(
      `UPDATE participants SET background_checked_at = now(), trained_at = now() WHERE id = $1`,
      [mentor.id],
    );
    waiting = await addProfiled(running.app, youth, 'mentee', {
      name: 'Wren Waiting',
      age: 14,
      guardianEmail: 'parent.wren@family.example',
      profileCompletedAt: null,
    });
    consented = await addProfiled(running.app, youth, 'mentee', {
      name: 'Cal Consented',
      age: 14,
      guardianConsentedAt: new Date(),
    });
    unknownAge = await addProfiled(running.app, youth, 'mentee', { name: 'Uma Unknown' });
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const pairingsOf = async (programmeId: string) =>
    (await db.query(`SELECT id, kind FROM pairings WHERE programme_id = $1`, [programmeId])) as {
      id: string;
      kind: string;
    }[];
  const api = (path: string, body: unknown) =>
    fetch(running.httpUrl! + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('creating a pairing by the form is refused, naming the person whose consent is awaited', async () => {
    const csrf = await staff.csrf(`/admin/programmes/${youth.id}/pairings`);
    const refused = await staff.post(`/admin/programmes/${youth.id}/pairings`, {
      _csrf: csrf,
      mentorId: mentor.id,
      menteeIds: [waiting.id],
    });
    expect(refused.status).toBe(400);
    const text = await refused.text();
    expect(text).toContain('Wren Waiting');
    expect(text).toMatch(/guardian.{0,20}consent is awaited/i);
    // Unknown age in a youth programme: held back too, on the safe side.
    const unknown = await staff.post(`/admin/programmes/${youth.id}/pairings`, {
      _csrf: csrf,
      mentorId: mentor.id,
      menteeIds: [unknownAge.id],
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Uma Unknown');
    expect(await pairingsOf(youth.id)).toEqual([]);

    const made = await staff.post(`/admin/programmes/${youth.id}/pairings`, {
      _csrf: csrf,
      mentorId: mentor.id,
      menteeIds: [consented.id],
    });
    expect(made.status).toBe(303);
    expect(await pairingsOf(youth.id)).toHaveLength(1);
  });

  it('the create-pairing form marks those awaiting consent and does not offer them', async () => {
    const page = await (await staff.get(`/admin/programmes/${youth.id}/pairings`)).text();
    const option = (p: Participant) => new RegExp(`<option[^>]*value="${p.id}"[^>]*>[^<]*`).exec(page)?.[0];
    expect(option(waiting)).toMatch(/disabled/);
    expect(option(waiting)).toContain('guardian consent awaited');
    expect(option(unknownAge)).toMatch(/disabled/);
    expect(option(consented)).not.toMatch(/disabled|consent awaited/);
    expect(option(mentor)).not.toMatch(/disabled|consent awaited/);
  });

  it('a circle made by staff refuses a member awaiting consent', async () => {
    const lead = await addProfiled(running.app, youth, 'mentor', { name: 'Lee Lead', age: 40 });
    const res = await api('/api/circles', {
      programmeId: youth.id,
      name: 'Early birds',
      leads: [lead.id],
      members: [consented.id, waiting.id],
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(
      /Wren Waiting.*guardian.{0,20}consent is awaited/i,
    );
    expect((await pairingsOf(youth.id)).filter((p) => p.kind === 'circle')).toEqual([]);
  });

  it('the CSV import refuses a pairing or circle row in a youth programme: nobody’s age is known yet', async () => {
    const tag = randomBytes(3).toString('hex');
    const csv = [
      'name,email,role,pairing,circle',
      `Nia Mentor,nia.${tag}@example.org,mentor,p1,`,
      `Ola Pupil,ola.${tag}@example.org,mentee,p1,`,
      `Pat Lead,pat.${tag}@example.org,mentor,,Owls`,
      `Quin Pupil,quin.${tag}@example.org,mentee,,Owls`,
    ].join('\n');
    const csrf = await staff.csrf(`/admin/programmes/${youth.id}/import`);
    const preview = await (
      await staff.post(`/admin/programmes/${youth.id}/import`, { _csrf: csrf, csv })
    ).text();
    for (const line of [2, 3, 4, 5])
      expect(preview).toMatch(new RegExp(`Line ${line}: [^<]*guardian.{0,20}consent is awaited`, 'i'));
    expect(preview).not.toContain('action="/admin/programmes/' + youth.id + '/import/confirm"');
    const before = (await pairingsOf(youth.id)).length;
    const confirm = await staff.post(`/admin/programmes/${youth.id}/import/confirm`, { _csrf: csrf, csv });
    expect(confirm.status).toBe(422);
    expect(await pairingsOf(youth.id)).toHaveLength(before);
    expect(
      await db.query(`SELECT 1 FROM participants WHERE programme_id = $1 AND email LIKE $2`, [
        youth.id,
        `%.${tag}@example.org`,
      ]),
    ).toEqual([]);
  });

  it('a programme that screens mentors places none whose background check or training is not recorded', async () => {
    const tag = randomBytes(3).toString('hex');
    const programs = running.app.get(ProgramsService);
    // No consent age, so only screening is at stake; a youth programme screens by default.
    const screening = await programs.createProgramme(`Care Leavers ${tag}`, { screeningRequired: true });
    const add = (name: string, role: 'mentor' | 'mentee') =>
      programs.addParticipant(screening.id, {
        name,
        email: `${name.toLowerCase()}.${tag}@example.org`,
        role,
      });
    const [rae, sol, tia] = [
      await add('Rae', 'mentor'),
      await add('Sol', 'mentee'),
      await add('Tia', 'mentee'),
    ];
    await db.query(`UPDATE participants SET background_checked_at = now() WHERE id = $1`, [rae.id]);

    const page = await (await staff.get(`/admin/programmes/${screening.id}/pairings`)).text();
    const option = (p: Participant) => new RegExp(`<option[^>]*value="${p.id}"[^>]*>[^<]*`).exec(page)?.[0];
    expect(option(rae)).toMatch(/disabled/);
    expect(option(rae)).toContain('screening not recorded');
    expect(option(sol)).not.toMatch(/disabled/); // mentees need no screening
    const people = await (await staff.get(`/admin/programmes/${screening.id}/participants`)).text();
    expect(people).toMatch(/<span data-screening>training missing<\/span>/);

    const csrf = await staff.csrf(`/admin/programmes/${screening.id}/pairings`);
    const refused = await staff.post(`/admin/programmes/${screening.id}/pairings`, {
      _csrf: csrf,
      mentorId: rae.id,
      menteeIds: [sol.id],
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Rae: their safeguarding training is not recorded');
    const circle = await api('/api/circles', {
      programmeId: screening.id,
      name: 'Evenings',
      leads: [rae.id],
      members: [tia.id],
    });
    expect(circle.status).toBe(400);
    expect(((await circle.json()) as { message: string }).message).toMatch(
      /Rae: their safeguarding training/,
    );
    const csv = [
      'name,email,role,pairing',
      `Uri,uri.${tag}@example.org,mentor,p1`,
      `Vi,vi.${tag}@example.org,mentee,p1`,
    ];
    const preview = await (
      await staff.post(`/admin/programmes/${screening.id}/import`, { _csrf: csrf, csv: csv.join('\n') })
    ).text();
    expect(preview).toMatch(
      /Line 2: [^<]*Uri: their background check and safeguarding training are not recorded/,
    );
    expect(preview).not.toMatch(/Line 3: /);
    expect(await pairingsOf(screening.id)).toEqual([]);

    // The file may carry both dates: the mentor is then imported screened, in the staff's name.
    const dated = [
      'name,email,role,pairing,background_checked,trained',
      `Wil,wil.${tag}@example.org,mentor,p2,2026-01-15,2026-02-01`,
      `Xan,xan.${tag}@example.org,mentee,p2,,`,
    ].join('\n');
    expect(
      (await staff.post(`/admin/programmes/${screening.id}/import/confirm`, { _csrf: csrf, csv: dated }))
        .status,
    ).toBe(303);
    const [wil] = (await db.query(
      `SELECT p.background_checked_at, p.trained_at, array_agg(a.detail ORDER BY a.detail) AS audited,
              min(u.email) AS by
         FROM participants p
         JOIN staff_audit a ON a.participant_id = p.id AND a.action = 'screening_recorded'
         JOIN staff_users u ON u.id = a.staff_id
        WHERE p.email = $1 GROUP BY p.id`,
      [`wil.${tag}@example.org`],
    )) as { background_checked_at: Date; trained_at: Date; audited: string[]; by: string }[];
    expect(wil).toEqual({
      background_checked_at: new Date('2026-01-15T12:00:00Z'),
      trained_at: new Date('2026-02-01T12:00:00Z'),
      audited: ['background check', 'training'],
      by: 'consent-staff@example.org',
    });
    expect(await pairingsOf(screening.id)).toHaveLength(1);

    // Once both are recorded, the same pairing is made.
    await db.query(`UPDATE participants SET trained_at = now() WHERE id = $1`, [rae.id]);
    const made = await staff.post(`/admin/programmes/${screening.id}/pairings`, {
      _csrf: csrf,
      mentorId: rae.id,
      menteeIds: [sol.id],
    });
    expect(made.status).toBe(303);
    expect(await pairingsOf(screening.id)).toHaveLength(2);
  });

  it('an adult programme (no consent age) is unaffected: no profile, no age, still paired, imported, in a circle', async () => {
    const tag = randomBytes(3).toString('hex');
    const programs = running.app.get(ProgramsService);
    const adults = await programs.createProgramme(`Career Switchers ${tag}`);
    const add = (name: string, role: 'mentor' | 'mentee') =>
      programs.addParticipant(adults.id, { name, email: `${name.toLowerCase()}.${tag}@example.org`, role });
    const [ann, bo, cy, di] = [
      await add('Ann', 'mentor'),
      await add('Bo', 'mentee'),
      await add('Cy', 'mentor'),
      await add('Di', 'mentee'),
    ];
    const page = await (await staff.get(`/admin/programmes/${adults.id}/pairings`)).text();
    expect(page).not.toContain('consent awaited');
    const csrf = await staff.csrf(`/admin/programmes/${adults.id}/pairings`);
    const made = await staff.post(`/admin/programmes/${adults.id}/pairings`, {
      _csrf: csrf,
      mentorId: ann.id,
      menteeIds: [bo.id],
    });
    expect(made.status).toBe(303);
    const circle = await api('/api/circles', {
      programmeId: adults.id,
      name: 'Switchers',
      leads: [cy.id],
      members: [di.id],
    });
    expect(circle.status).toBe(201);
    const csv = [
      'name,email,role,pairing,circle',
      `Eli,eli.${tag}@example.org,mentor,p1,`,
      `Fay,fay.${tag}@example.org,mentee,p1,`,
      `Gus,gus.${tag}@example.org,mentor,,Owls`,
      `Hal,hal.${tag}@example.org,mentee,,Owls`,
    ].join('\n');
    const imported = await staff.post(`/admin/programmes/${adults.id}/import/confirm`, { _csrf: csrf, csv });
    expect(imported.status).toBe(303);
    expect((await pairingsOf(adults.id)).map((p) => p.kind).sort()).toEqual([
      'circle',
      'circle',
      'pair',
      'pair',
    ]);
  });
});
