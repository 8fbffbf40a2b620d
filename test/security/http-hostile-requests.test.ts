import type { RunningApp } from '../../src/bootstrap';
import { ProgramsService } from '../../src/programs/programs.service';
import { StaffClient, robotToken } from '../admin/staff-client';
import { allRoutes, urlOf, type Route } from '../support/http-routes';
import { rawRequest } from '../support/raw-http';
import { TestEnv } from '../support/test-env';

/** How a request identifies itself: nobody, a logged-in browser (with its CSRF token), an API token. */
type Caller = { name: string; headers: [string, string][]; cookie?: string };

interface Variant {
  name: string;
  headers?: [string, string][];
  /** Replaces the caller's cookie (the caller's own one is kept inside when it has one). */
  cookie?: (own: string | undefined) => string;
  body?: string;
  url?: (route: Route) => string;
}

const BAD_PERCENT = '%E0%A4%A';
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

/** Inputs that are the client's fault, each of which once could (or could plausibly) answer 500 or crash. */
const VARIANTS: Variant[] = [
  { name: 'origin null', headers: [['Origin', 'null']] },
  { name: 'origin malformed', headers: [['Origin', 'http://[::1']] },
  { name: 'origin not a url', headers: [['Origin', 'not a url at all']] },
  {
    name: 'origin null, same-site fetch',
    headers: [
      ['Origin', 'null'],
      ['Sec-Fetch-Site', 'same-site'],
    ],
  },
  {
    name: 'duplicate host',
    headers: [
      ['Host', 'a.example'],
      ['Host', 'b.example'],
    ],
  },
  { name: 'huge host', headers: [['Host', 'h'.repeat(12_000)]] },
  { name: 'malformed host', headers: [['Host', '[::1']] },
  { name: 'broken json', headers: [['Content-Type', 'application/json']], body: '{"a":' },
  {
    name: 'prototype json',
    headers: [['Content-Type', 'application/json']],
    body: '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"_csrf":["x"]}',
  },
  {
    name: 'form in utf-7',
    headers: [['Content-Type', 'application/x-www-form-urlencoded; charset=utf-7']],
    body: 'a=b',
  },
  {
    name: 'form with prototype keys',
    headers: [['Content-Type', 'application/x-www-form-urlencoded']],
    body: '__proto__[x]=1&constructor[prototype][y]=1&_csrf[]=a&_csrf[]=b&email[]=x',
  },
  { name: 'multipart without boundary', headers: [['Content-Type', 'multipart/form-data']], body: 'x' },
  { name: 'content type junk', headers: [['Content-Type', ';;;=== ; charset']], body: 'x' },
  {
    name: 'invalid cookies',
    cookie: (own) =>
      [own, `mm_session=${BAD_PERCENT}`, 'mm_login_csrf=%', '__proto__=x', 'constructor=y', '=z', 'a']
        .filter(Boolean)
        .join('; '),
  },
  { name: 'bearer junk', headers: [['Authorization', `Bearer ${BAD_PERCENT}`]] },
  { name: 'authorization junk', headers: [['Authorization', 'Basic %%%']] },
  {
    name: 'odd accept and range',
    headers: [
      ['Accept', '*/*;q=abc, text/html;;'],
      ['Accept-Language', ';;;'],
      ['Accept-Encoding', 'gzip;q=x'],
      ['If-None-Match', '"'],
      ['If-Modified-Since', 'yesterday'],
      ['Range', 'bytes=99999999999999999999-'],
    ],
  },
  { name: 'x-forwarded-for junk', headers: [['X-Forwarded-For', 'not-an-ip, , ::::, 999.1.1.1']] },
  {
    name: 'bad percent-encoding in path',
    url: (r) => (r.path.includes(':') ? urlOf(r, () => BAD_PERCENT) : `${r.path}/%zz`),
  },
  {
    name: 'bad percent-encoding in query',
    url: (r) => `${urlOf(r)}?next=${BAD_PERCENT}&status=%&before=%zz&health=%`,
  },
  { name: 'prototype names in path', url: (r) => urlOf(r, () => PROTOTYPE_NAMES[1]) },
  {
    name: 'prototype names in query',
    url: (r) => `${urlOf(r)}?status=__proto__&health=constructor&next=toString`,
  },
];

describe('hostile HTTP requests to every route', () => {
  let env: TestEnv;
  let running: RunningApp;
  let base: string;
  const crashes: unknown[] = [];
  const onCrash = (error: unknown) => crashes.push(error);
  // Error-level log lines (the file's default level): a client's junk must not write one.
  const errorLines: string[] = [];
  let write: jest.SpyInstance;

  beforeAll(async () => {
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      const text = String(chunk);
      if (text.includes('"level":"error"')) errorLines.push(text.slice(0, 300));
      return true;
    });
    process.on('unhandledRejection', onCrash);
    process.on('uncaughtException', onCrash);
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    base = running.httpUrl!;
  });

  afterAll(async () => {
    process.off('unhandledRejection', onCrash);
    process.off('uncaughtException', onCrash);
    await env.destroy();
    write.mockRestore();
  });

  async function livePairing(label: string) {
    const programmes = running.app.get(ProgramsService);
    const programme = await programmes.createProgramme(label);
    const member = (role: 'mentor' | 'mentee') =>
      programmes.addParticipant(programme.id, { name: role, email: `${label}-${role}@example.org`, role });
    return programmes.createPairing(programme, await member('mentor'), [await member('mentee')]);
  }

  async function callers(): Promise<Caller[]> {
    const staff = await StaffClient.loggedIn(running.app, base, 'hostile@example.org');
    const session = `mm_session=${staff.cookie('mm_session')}`;
    const csrf = await staff.csrf();
    const token = await robotToken(running.app, 'robot@example.org');
    return [
      { name: 'anonymous', headers: [] },
      { name: 'session', headers: [['X-CSRF-Token', csrf]], cookie: session },
      { name: 'api token', headers: [['Authorization', `Bearer ${token}`]] },
    ];
  }

  it('never exits, never throws unhandled, answers below 500 and writes no error log line', async () => {
    const routes = allRoutes(running.app);
    // Nest's routes and both mounts are in the walk, so it cannot pass by finding nothing.
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /admin/pairings/:id/:action',
        'POST /api/pairings/:id/:action',
        'GET /u/:token',
        'GET /admin/queues',
        'PUT /admin/queues/api/queues/:queueName/obliterate',
        'GET /api/docs',
      ]),
    );
    // A real pairing, so action names reach the action table instead of stopping at "no such pairing".
    const pairing = await livePairing('hostile');

    const walk: { caller: Caller; route: Route; v: Variant }[] = [];
    for (const caller of await callers()) {
      for (const route of routes) {
        // Logging out would end the session the rest of the walk uses; it runs anonymously.
        if (caller.cookie && route.path === '/admin/logout') continue;
        if (caller.name === 'api token' && !route.path.startsWith('/api')) continue;
        for (const v of VARIANTS) walk.push({ caller, route, v });
      }
    }
    const failures: string[] = [];
    let requests = 0;
    // Answers that went through, per caller: the walk reached handlers, not only the login wall.
    const served = new Map<string, number>();
    // A few clients at once, in walk order: each request waits on the database more than on the
    // CPU, and a crash or a 500 shows the same whichever request is beside it.
    let next = 0;
    const client = async () => {
      while (next < walk.length) {
        const { caller, route, v } = walk[next++];
        const url = v.url?.(route) ?? urlOf(route, () => pairing.id);
        const cookie = v.cookie ? v.cookie(caller.cookie) : caller.cookie;
        const headers: [string, string][] = [...caller.headers, ...(v.headers ?? [])];
        if (cookie) headers.push(['Cookie', cookie]);
        const res = await rawRequest(base, route.method, url, headers, v.body ?? '');
        requests++;
        if (res.status < 300) served.set(caller.name, (served.get(caller.name) ?? 0) + 1);
        if (res.status === 0 || res.status >= 500) {
          failures.push(`${res.status} ${caller.name} / ${v.name}: ${route.method} ${url.slice(0, 120)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, client));
    expect(requests).toBe(walk.length);
    expect(requests).toBeGreaterThan(1000);
    expect(served.get('session')).toBeGreaterThan(100);
    expect(served.get('api token')).toBeGreaterThan(20);
    expect(failures).toEqual([]);
    expect(crashes).toEqual([]);
    // Answered 4xx, so nothing for the error log (a stack per junk request filled it before).
    expect(errorLines).toEqual([]);
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
  }, 600_000);

  it('answers 400 to prototype names as pairing actions, in the page and the API', async () => {
    const pairing = await livePairing('prototype');
    const staff = await StaffClient.loggedIn(running.app, base, 'proto@example.org');
    const csrf = await staff.csrf();
    // Tuples, not an object keyed by action: `answers.__proto__ = ...` is the very bug under test.
    const answers: [string, number, number][] = [];
    for (const action of PROTOTYPE_NAMES) {
      const page = await staff.post(`/admin/pairings/${pairing.id}/${action}`, { _csrf: csrf });
      const api = await staff.request(`/api/pairings/${pairing.id}/${action}`, {
        method: 'POST',
        headers: { 'x-csrf-token': csrf },
      });
      answers.push([action, page.status, api.status]);
    }
    expect(answers).toEqual(PROTOTYPE_NAMES.map((a) => [a, 400, 400]));
    expect(crashes).toEqual([]);
  });
});
