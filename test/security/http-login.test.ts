import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { ARGON2_GATE, LOGIN_LIMITS, StaffAuthService } from '../../src/admin/auth/staff-auth.service';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { StaffClient } from '../admin/staff-client';
import { TestEnv } from '../support/test-env';

const PASSWORD = 'correct horse battery';

/** A browser that has fetched the login form (its CSRF cookie and field), ready to post it. */
async function loginForm(base: string, headers: Record<string, string> = {}) {
  const client = new StaffClient(base);
  const html = await (await client.get('/admin/login', headers)).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1];
  return (email: string, password: string) =>
    client.request('/admin/login', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf, email, password, next: '/admin' }),
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    });
}

/** The limit's worth of wrong guesses from one forwarded address, then the right password: the answers. */
async function useUpGuesses(base: string, email: string, forwardedFor: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i <= LOGIN_LIMITS.perEmailAndIp; i++) {
    const post = await loginForm(base, { 'x-forwarded-for': forwardedFor });
    const last = i === LOGIN_LIMITS.perEmailAndIp;
    statuses.push((await post(email, last ? PASSWORD : `guess ${i}`)).status);
  }
  return statuses;
}

function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

describe('staff login under attack', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await TestEnv.create();
  });

  afterAll(async () => {
    await env.destroy();
  });

  describe('without TRUST_PROXY', () => {
    let running: RunningApp;
    let base: string;

    beforeAll(async () => {
      running = await env.start({ ROLES: 'api' });
      base = running.httpUrl!;
    });

    afterAll(async () => {
      await running.close();
    });

    it('answers 30 parallel wrong passwords with the limit of 401s and 429 for the rest', async () => {
      await createAdmin(running.app, 'parallel@example.org', PASSWORD);
      const forms = await Promise.all(Array.from({ length: 30 }, () => loginForm(base)));
      const answers = await Promise.all(
        forms.map((post, i) => post('parallel@example.org', `wrong guess ${i}`)),
      );
      expect(tally(answers.map((a) => a.status))).toEqual({ 401: LOGIN_LIMITS.perEmailAndIp, 429: 25 });
      // And the right password is refused too until the window passes.
      expect((await (await loginForm(base))('parallel@example.org', PASSWORD)).status).toBe(429);
    });

    it('ignores X-Forwarded-For: every forwarded address is the one peer', async () => {
      await createAdmin(running.app, 'shared@example.org', PASSWORD);
      expect(await useUpGuesses(base, 'shared@example.org', '203.0.113.1')).toEqual([
        401, 401, 401, 401, 401, 429,
      ]);
      const other = await loginForm(base, { 'x-forwarded-for': '203.0.113.2' });
      expect((await other('shared@example.org', PASSWORD)).status).toBe(429);
    });

    it('ends every session and the API token when the password is reset', async () => {
      const { id } = await createAdmin(running.app, 'reset@example.org', PASSWORD);
      const staff = await StaffClient.loggedIn(running.app, base, 'reset@example.org');
      const token = await running.app.get(StaffAuthService).issueApiToken(id);
      expect((await staff.get('/admin')).status).toBe(200);
      const bearer = { authorization: `Bearer ${token}` };
      expect((await fetch(`${base}/api/programmes`, { headers: bearer })).status).toBe(200);

      await createAdmin(running.app, 'reset@example.org', 'a brand new passphrase');
      const page = await staff.get('/admin');
      expect([page.status, page.headers.get('location')?.replace(/\?.*/, '')]).toEqual([302, '/admin/login']);
      expect((await fetch(`${base}/api/programmes`, { headers: bearer })).status).toBe(401);
    });

    it('ends a session ADMIN_SESSION_MAX_HOURS after the login, however busy it is', async () => {
      const staff = await StaffClient.loggedIn(running.app, base, 'busy@example.org');
      const db = running.app.get(DataSource);
      const age = (minutes: number) =>
        db.query(
          `UPDATE staff_sessions SET created_at = now() - make_interval(mins => $1)
           WHERE staff_id = (SELECT id FROM staff_users WHERE email = 'busy@example.org')`,
          [minutes],
        );
      await age(11 * 60);
      expect((await staff.get('/admin')).status).toBe(200);
      // The sliding expiry never reaches past the absolute end.
      const [row]: { capped: boolean }[] = await db.query(
        `SELECT bool_and(s.expires_at <= s.created_at + interval '12 hours') AS capped FROM staff_sessions s
         JOIN staff_users u ON u.id = s.staff_id WHERE u.email = 'busy@example.org'`,
      );
      expect(row.capped).toBe(true);
      // Still idle-fresh (it was just used), but 12 hours old: over.
      await age(12 * 60 + 30);
      expect((await staff.get('/admin')).status).toBe(302);
    });
  });

  describe('with TRUST_PROXY', () => {
    let running: RunningApp;
    let base: string;

    beforeAll(async () => {
      running = await env.start({ ROLES: 'api', TRUST_PROXY: 'loopback' });
      base = running.httpUrl!;
    });

    afterAll(async () => {
      await running.close();
    });

    it('limits two clients behind the proxy separately', async () => {
      await createAdmin(running.app, 'proxied@example.org', PASSWORD);
      expect(await useUpGuesses(base, 'proxied@example.org', '198.51.100.1')).toEqual([
        401, 401, 401, 401, 401, 429,
      ]);
      const colleague = await loginForm(base, { 'x-forwarded-for': '198.51.100.2' });
      expect((await colleague('proxied@example.org', PASSWORD)).status).toBe(303);
    });

    it('runs a bounded number of password checks in a flood and answers the rest 503 at once', async () => {
      await createAdmin(running.app, 'flood@example.org', PASSWORD);
      // Each from its own address, so no rate limit applies: only the argon2 gate stands in the way.
      const forms = await Promise.all(
        Array.from({ length: 120 }, (_, i) =>
          loginForm(base, { 'x-forwarded-for': `10.1.${i >> 8}.${i & 255}` }),
        ),
      );
      const answers = await Promise.all(forms.map((post) => post('flood@example.org', 'not the password')));
      const counts = tally(answers.map((a) => a.status));
      expect(Object.keys(counts).sort()).toEqual(['401', '503']);
      // At most the running and the waiting ones were checked; later arrivals may find a freed slot.
      expect(counts[401]).toBeGreaterThanOrEqual(ARGON2_GATE.concurrency + ARGON2_GATE.queue);
      expect(counts[401]).toBeLessThan(120);
      expect(answers.find((a) => a.status === 503)!.headers.get('retry-after')).toBe('5');
      // Every refused attempt was given back: the flood left no failures it never checked.
      const [row]: { n: string }[] = await running.app
        .get(DataSource)
        .query(`SELECT count(*) AS n FROM staff_login_failures WHERE email = 'flood@example.org'`);
      expect(Number(row.n)).toBe(counts[401]);
    });
  });
});
