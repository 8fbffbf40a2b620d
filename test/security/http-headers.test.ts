import type { RunningApp } from '../../src/bootstrap';
import { ProgramsService } from '../../src/programs/programs.service';
import { signUnsubscribeToken } from '../../src/unsubscribe/unsubscribe-token';
import { StaffClient, robotToken } from '../admin/staff-client';
import { allRoutes, urlOf } from '../support/http-routes';
import { TestEnv } from '../support/test-env';

const SECRET = 'a-test-secret-for-the-headers-test';

type Answer = { route: string; status: number; headers: Headers };

/** The headers every answer must carry, whatever the route, the caller or the status. */
function missingHeaders(a: Answer, production: boolean): string[] {
  const missing: string[] = [];
  const csp = a.headers.get('content-security-policy') ?? '';
  if (!csp.includes("frame-ancestors 'none'")) missing.push('CSP frame-ancestors');
  if (!/default-src /.test(csp)) missing.push('CSP default-src');
  if (a.headers.get('x-content-type-options') !== 'nosniff') missing.push('nosniff');
  const hsts = a.headers.get('strict-transport-security');
  if (production && !/max-age=\d{7,}/.test(hsts ?? '')) missing.push('HSTS');
  if (!production && hsts) missing.push('HSTS outside production');
  return missing.map((m) => `${a.route} (${a.status}): ${m}`);
}

describe('security headers on every route', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await TestEnv.create();
  });

  afterAll(async () => {
    await env.destroy();
  });

  async function walk(running: RunningApp): Promise<Answer[]> {
    const base = running.httpUrl!;
    const staff = await StaffClient.loggedIn(running.app, base, `headers-${Date.now()}@example.org`);
    const csrf = await staff.csrf();
    const token = await robotToken(running.app, `robot-${Date.now()}@example.org`);
    const programme = await running.app.get(ProgramsService).createProgramme(`Headers ${Date.now()}`);
    const participant = await running.app
      .get(ProgramsService)
      .addParticipant(programme.id, { name: 'Ana', email: `ana-${Date.now()}@example.org`, role: 'mentee' });
    const answers: Answer[] = [];
    const routes = allRoutes(running.app).filter((r) => r.path !== '/admin/logout');
    // Anonymous, as a logged-in browser, and with the API token: each door answers all three.
    for (const route of routes) {
      const url = route.path.startsWith('/u/')
        ? `/u/${signUnsubscribeToken(SECRET, participant.id)}`
        : urlOf(route);
      const body = route.method === 'GET' ? undefined : '';
      const anonymous = await fetch(base + url, { method: route.method, body, redirect: 'manual' });
      const browser = await staff.request(url, {
        method: route.method,
        body,
        headers: { 'x-csrf-token': csrf },
      });
      const robot = await fetch(base + url, {
        method: route.method,
        body,
        redirect: 'manual',
        headers: { authorization: `Bearer ${token}` },
      });
      for (const [who, res] of [
        ['anonymous', anonymous],
        ['session', browser],
        ['token', robot],
      ] as const) {
        answers.push({ route: `${who} ${route.method} ${url}`, status: res.status, headers: res.headers });
        await res.arrayBuffer();
      }
    }
    const unknown = await fetch(`${base}/no/such/page`);
    answers.push({ route: 'GET /no/such/page', status: unknown.status, headers: unknown.headers });
    return answers;
  }

  it('sets CSP with frame-ancestors and nosniff everywhere, and no HSTS outside production', async () => {
    const running = await env.start({ ROLES: 'api', APP_SECRET: SECRET });
    const answers = await walk(running);
    expect(answers.length).toBeGreaterThan(150);
    // The pages that render something are among them, answering for real.
    const ok = answers.filter((a) => a.status === 200).map((a) => a.route);
    expect(ok).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^session GET \/admin\/queues\/?$/),
        expect.stringMatching(/^session GET \/api\/docs\/?$/),
        expect.stringMatching(/^token GET \/api\/programmes\/?$/),
        expect.stringMatching(/^session GET \/admin\/?$/),
        expect.stringMatching(/^anonymous GET \/u\//),
        expect.stringMatching(/^anonymous POST \/u\//),
      ]),
    );
    expect(answers.flatMap((a) => missingHeaders(a, false))).toEqual([]);
    await running.close();
  }, 300_000);

  it('adds HSTS everywhere in production', async () => {
    const running = await env.start({
      ROLES: 'api',
      APP_SECRET: SECRET,
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://mentormail.example',
    });
    const answers = await walk(running);
    expect(answers.flatMap((a) => missingHeaders(a, true))).toEqual([]);
    await running.close();
  }, 300_000);
});
