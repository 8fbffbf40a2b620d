import { randomBytes } from 'node:crypto';
import type { RunningApp } from '../../src/bootstrap';
import { nestRoutes } from '../support/http-routes';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/**
 * A link's token (unsubscribe, vote, enrolment confirmation, guardian consent) is the whole
 * capability: whoever reads the request log could use it. Every route with a token, found in Nest's
 * route table so a new one cannot be missed, is requested and its log line read.
 */
describe('the request log and link tokens', () => {
  let env: TestEnv;
  let running: RunningApp;
  const lines: string[] = [];
  let write: jest.SpyInstance;

  beforeAll(async () => {
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api', LOG_LEVEL: 'log' });
  });

  afterAll(async () => {
    await env.destroy();
    write.mockRestore();
  });

  it('logs every token route with its token replaced', async () => {
    const routes = nestRoutes(running.app).filter((r) => /:\w*token\b/i.test(r.path));
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'GET /u/:token',
        'GET /v/:token',
        'GET /confirm/:token',
        'POST /consent/:token',
      ]),
    );
    for (const route of routes) {
      const token = `tok${randomBytes(12).toString('hex')}`;
      const path = route.path.replace(/:(\w+)/g, (_, name: string) => (/token/i.test(name) ? token : '2'));
      const seen = lines.length;
      const res = await fetch(running.httpUrl! + path, { method: route.method, redirect: 'manual' });
      await res.arrayBuffer();
      // The request's line, written when the response finished: the walk must reach the log.
      const first = `"msg":"${route.method} /${path.split('/')[1]}/`;
      await waitFor(() => lines.slice(seen).some((l) => l.includes(first)));
      expect({ route: route.path, leaks: lines.slice(seen).filter((l) => l.includes(token)) }).toEqual({
        route: route.path,
        leaks: [],
      });
    }
  });
});
