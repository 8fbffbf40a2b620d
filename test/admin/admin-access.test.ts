import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { StaffAuthService } from '../../src/admin/auth/staff-auth.service';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { ProgramsService } from '../../src/programs/programs.service';
import { mountedRoutes, nestRoutes, urlOf } from '../support/http-routes';
import { TestEnv } from '../support/test-env';
import { StaffClient } from './staff-client';

/** Doors that are open by design (or guarded on their own terms); everything else must refuse an anonymous caller. */
const OPEN = [
  /^\/health(\/|$)/,
  /^\/metrics$/,
  /^\/admin\/login$/,
  /^\/webhooks\//,
  /^\/u\//,
  /^\/v\//,
  /^\/confirm\//,
  /^\/consent\//,
  /^\/static\//,
];

// argon2 hashing is deliberately slow; under a loaded CI machine a test takes seconds.

describe('admin access', () => {
  let env: TestEnv;
  let running: RunningApp;
  let base: string;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    base = running.httpUrl!;
  });

  afterAll(async () => {
    await env.destroy();
  });

  it('refuses every registered route to an anonymous caller', async () => {
    const routes = nestRoutes(running.app).filter((r) => !OPEN.some((o) => o.test(r.path)));
    // The admin's own routes are among them, so the walk cannot pass by finding nothing.
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'GET /admin',
        'GET /admin/pairings/:id',
        'POST /admin/pairings/:id/:action',
        'GET /api/pairings',
      ]),
    );
    // Mounted outside Nest's router, behind the same login (but for the images emails show).
    routes.push(...mountedRoutes().filter((r) => !OPEN.some((o) => o.test(r.path))));

    const refusals = [];
    for (const { path, method } of routes) {
      const url = urlOf({ path, method });
      const res = await fetch(base + url, {
        method,
        redirect: 'manual',
        body: method === 'GET' ? undefined : '',
      });
      refusals.push({
        route: `${method} ${path}`,
        status: res.status,
        location: res.headers.get('location')?.replace(/\?.*/, ''),
      });
    }
    for (const r of refusals) {
      if (r.route.split(' ')[1].startsWith('/api')) expect(r).toEqual({ ...r, status: 401 });
      else expect(r).toEqual({ ...r, status: 302, location: '/admin/login' });
    }
  });

  it('logs in with the right password only, with a safe session cookie', async () => {
    await createAdmin(running.app, 'Staff@Example.org', 'correct horse battery');
    const client = new StaffClient(base);
    expect((await client.login('staff@example.org', 'wrong password!!')).status).toBe(401);
    expect((await client.login('staff@example.org', 'correct horse battery', 'forged-token')).status).toBe(
      403,
    );

    const form = await client.get('/admin/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
    const ok = await client.post('/admin/login', {
      _csrf: token,
      email: 'staff@example.org',
      password: 'correct horse battery',
      next: '/admin/attention',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/admin/attention');
    const setCookie = ok.headers.getSetCookie().find((c) => c.startsWith('mm_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i); // NODE_ENV=test; production adds Secure

    const dashboard = await client.get('/admin');
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await dashboard.text()).toContain('Dashboard');
  });

  it('refuses a state-changing form without the session CSRF token', async () => {
    const client = await StaffClient.loggedIn(running.app, base, 'csrf@example.org');
    const withoutToken = await client.post('/admin/account/token', {});
    expect(withoutToken.status).toBe(403);
    const withToken = await client.post('/admin/account/token', { _csrf: await client.csrf() });
    expect(withToken.status).toBe(200);
    expect(await withToken.text()).toMatch(/mmst_/);
  });

  it('limits failed logins per address and IP, even for the right password afterwards', async () => {
    await createAdmin(running.app, 'slow@example.org', 'correct horse battery');
    const client = new StaffClient(base);
    for (let i = 0; i < 5; i++)
      expect((await client.login('slow@example.org', `guess number ${i}`)).status).toBe(401);
    const blocked = await client.login('slow@example.org', 'correct horse battery');
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain('Too many failed attempts');
  });

  it('accepts a staff API token under /api and serves the OpenAPI document', async () => {
    const { id } = await createAdmin(running.app, 'robot@example.org', 'correct horse battery');
    const token = await running.app.get(StaffAuthService).issueApiToken(id);
    const ok = await fetch(`${base}/api/programmes`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(Array.isArray(await ok.json())).toBe(true);
    const wrong = await fetch(`${base}/api/programmes`, { headers: { authorization: 'Bearer mmst_nope' } });
    expect(wrong.status).toBe(401);
    // A token opens the API only, not the pages.
    const page = await fetch(`${base}/admin`, {
      headers: { authorization: `Bearer ${token}` },
      redirect: 'manual',
    });
    expect(page.status).toBe(302);

    const doc = await fetch(`${base}/api/docs/openapi.json`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const openapi = (await doc.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/api/programmes',
        '/api/pairings',
        '/api/pairings/{id}',
        '/api/threads/{id}',
        '/api/inbound',
        '/api/deliveries',
      ]),
    );
    expect(Object.keys(openapi.paths).some((p) => p.startsWith('/admin'))).toBe(false);
  });

  it('changes a programme schedule through the API, refusing values out of range', async () => {
    const { id } = await createAdmin(running.app, 'scheduler@example.org', 'correct horse battery');
    const token = await running.app.get(StaffAuthService).issueApiToken(id);
    const programme = await running.app.get(ProgramsService).createProgramme('API Schedules');
    const put = (body: object) =>
      fetch(`${base}/api/programmes/${programme.id}/schedule`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = await put({ curriculumKey: 'default-12-week', sendWeekday: 6, sendHour: 8 });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: programme.id, sendWeekday: 6, sendHour: 8 });

    for (const bad of [
      { curriculumKey: 'nope', sendWeekday: 1, sendHour: 8 },
      { curriculumKey: 'default-12-week', sendWeekday: 0, sendHour: 8 },
      { curriculumKey: 'default-12-week', sendWeekday: 2, sendHour: 24 },
      { curriculumKey: 'default-12-week', sendWeekday: 2.5, sendHour: 8 },
      { curriculumKey: 'default-12-week', sendWeekday: 2, sendHour: null },
      { curriculumKey: 'default-12-week', sendWeekday: 2, sendHour: '' },
    ]) {
      const refused = await put(bad);
      expect(refused.status).toBe(400);
    }
    const [row] = await running.app
      .get(DataSource)
      .query(`SELECT send_weekday, send_hour FROM programmes WHERE id = $1`, [programme.id]);
    expect(row).toEqual({ send_weekday: 6, send_hour: 8 });
  });

  it('ends the session on logout', async () => {
    const client = await StaffClient.loggedIn(running.app, base, 'leaving@example.org');
    const board = await client.get('/admin/queues');
    expect(board.status).toBe(200);
    const out = await client.post('/admin/logout', { _csrf: await client.csrf() });
    expect(out.status).toBe(303);
    expect((await client.get('/admin')).status).toBe(302);
  });
});
