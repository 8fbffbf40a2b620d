import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { ProgrammeImportService } from '../../src/admin/services/programme-import.service';
import { TestEnv } from '../support/test-env';
import { robotToken, StaffClient } from './staff-client';

describe('circles in the admin: POST /api/circles, the form, the circle page, mute', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let token: string;
  let programme: Programme;
  let leads: Participant[];
  let mentees: Participant[];

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    db = running.app.get(DataSource);
    token = await robotToken(running.app, 'circles-robot@example.org');
    const programs = running.app.get(ProgramsService);
    const tag = randomBytes(3).toString('hex');
    programme = await programs.createProgramme(`Circle Admin ${tag}`);
    const add = (name: string, role: 'mentor' | 'mentee') =>
      programs.addParticipant(programme.id, {
        name,
        email: `${name.toLowerCase()}.${tag}@example.org`,
        role,
      });
    leads = await Promise.all(['Lena', 'Luis', 'Lara'].map((n) => add(n, 'mentor')));
    mentees = [];
    for (let i = 0; i < 13; i++) mentees.push(await add(`Member${i}`, 'mentee'));
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const api = (path: string, body?: unknown) =>
    fetch(running.httpUrl! + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const ids = (ps: Participant[]) => ps.map((p) => p.id);

  it('refuses a circle of the wrong shape, naming what is wrong', async () => {
    const base = { programmeId: programme.id, name: 'Too big' };
    const cases: [unknown, RegExp][] = [
      [{ ...base, leads: ids(leads), members: ids(mentees.slice(0, 3)) }, /1 to 2 leads/],
      [{ ...base, leads: ids(leads.slice(0, 1)), members: ids(mentees) }, /1 to 12 members/],
      [
        { ...base, leads: ids(mentees.slice(0, 1)), members: ids(mentees.slice(1, 3)) },
        /lead must be a mentor/,
      ],
      [{ ...base, name: '  ', leads: ids(leads.slice(0, 1)), members: ids(mentees.slice(0, 2)) }, /name/],
      [{ ...base, leads: ['nope'], members: ids(mentees.slice(0, 2)) }, /not a participant id/],
    ];
    for (const [body, message] of cases) {
      const res = await api('/api/circles', body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(message);
    }
    expect(await db.query(`SELECT 1 FROM pairings WHERE kind = 'circle'`)).toHaveLength(0);
  });

  it('creates a circle with its own relay address, and staff mute a member: the leads are told', async () => {
    const res = await api('/api/circles', {
      programmeId: programme.id,
      name: 'Career changers',
      leads: ids(leads.slice(0, 2)),
      members: ids(mentees.slice(0, 12)),
    });
    expect(res.status).toBe(201);
    const circle = (await res.json()) as { id: string; relayAddress: string; members: number; name: string };
    expect(circle).toMatchObject({ name: 'Career changers', members: 14 });
    expect(circle.relayAddress).toMatch(/@/);
    const [row] = await db.query(`SELECT kind, name FROM pairings WHERE id = $1`, [circle.id]);
    expect(row).toEqual({ kind: 'circle', name: 'Career changers' });

    const target = mentees[3];
    const muted = await api(`/api/circles/${circle.id}/members/${target.id}/mute`, {});
    expect(muted.status).toBe(200);
    const told: { to_address: string }[] = await db.query(
      `SELECT to_address FROM deliveries WHERE kind = 'notice' AND pairing_id = $1 ORDER BY to_address`,
      [circle.id],
    );
    expect(told.map((t) => t.to_address)).toEqual([leads[0].email, leads[1].email].sort());

    const view = (await (await api(`/api/circles/${circle.id}`)).json()) as {
      members: { name: string; mutedAt: string | null; silentDays: number | null }[];
    };
    expect(view.members).toHaveLength(14);
    expect(view.members.find((m) => m.name === target.name)?.mutedAt).not.toBeNull();
    expect(view.members.every((m) => m.silentDays === null)).toBe(true);
  });

  it('the programme page lists circles and its form creates one; the circle page shows members', async () => {
    const client = await StaffClient.loggedIn(running.app, running.httpUrl!, 'circles@example.org');
    const csrf = await client.csrf(`/admin/programmes/${programme.id}`);
    const created = await client.post('/admin/circles', {
      _csrf: csrf,
      programmeId: programme.id,
      name: 'Uni applicants',
      leads: [leads[2].id],
      members: [mentees[12].id],
    });
    expect(created.status).toBe(303);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/admin\/circles\/[0-9a-f-]{36}$/);
    const page = await (await client.get(location)).text();
    expect(page).toContain('Uni applicants');
    expect(page).toContain('Lara');
    expect(page).toContain('never wrote');

    const programmePage = await (await client.get(`/admin/programmes/${programme.id}/pairings`)).text();
    expect(programmePage).toContain('Career changers');
    expect(programmePage).toContain(`href="${location}"`);
  });

  it('a CSV with a circle column imports its circle with the people it names', async () => {
    const tag = randomBytes(3).toString('hex');
    const csv = [
      'name,email,role,circle',
      `Cara Lead,cara.${tag}@example.org,mentor,Night owls`,
      `Dev One,dev.${tag}@example.org,mentee,Night owls`,
      `Eve Two,eve.${tag}@example.org,mentee,Night owls`,
    ].join('\n');
    const { plan, imported } = await running.app.get(ProgrammeImportService).commitImport(programme.id, csv);
    expect(imported).toBe(true);
    expect(plan.circles).toBe(1);
    const all = (await api(`/api/circles?programmeId=${programme.id}`).then((r) => r.json())) as {
      name: string;
      members: number;
    }[];
    expect(all.find((c) => c.name === 'Night owls')?.members).toBe(3);
  });
});
