import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { AppConfig } from '../config/app-config';
import { createAppLogger } from './app-logger';
import { httpLogOptions } from './http-logging';

type Line = Record<string, unknown> & {
  level: string;
  msg: string;
  err?: { message: string; stack: string };
};

/**
 * The request lines pino-http writes with our options, over a real HTTP server on loopback: each
 * path answers with its status, and `/thrown` leaves an error on the response as a handler would.
 */
describe('HTTP request log lines', () => {
  let server: Server;
  let base: string;
  const chunks: string[] = [];

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    const logger = await createAppLogger(
      AppConfig.fromEnvironment({ APP_SECRET: 'a-long-enough-test-secret' }),
      stream,
    );
    const log = pinoHttp({ logger, ...httpLogOptions() });
    server = createServer((req, res: ServerResponse & { err?: Error }) => {
      log(req, res);
      const status = Number(/\d+/.exec(req.url ?? '')?.[0] ?? 200);
      if (req.url?.startsWith('/thrown')) res.err = new Error('the handler broke');
      res.statusCode = status;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function lineFor(path: string): Promise<Line> {
    await fetch(`${base}${path}`);
    const lines = chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Line);
    const line = lines.find((l) => typeof l.msg === 'string' && l.msg.startsWith(`GET ${path} `));
    if (!line) throw new Error(`no line for ${path} in:\n${chunks.join('')}`);
    return line;
  }

  it('logs load shedding (503) as a warning, without the stand-in error pino-http makes up', async () => {
    const line = await lineFor('/busy/503');
    expect(line).toMatchObject({ level: 'warn', msg: 'GET /busy/503 503', res: { statusCode: 503 } });
    expect(line).not.toHaveProperty('err');
  });

  it('logs any other 5xx as an error, still without a made-up stack', async () => {
    const line = await lineFor('/broken/500');
    expect(line).toMatchObject({ level: 'error', res: { statusCode: 500 } });
    expect(line).not.toHaveProperty('err');
  });

  it('keeps an error a handler left on the response, with its stack, as an error even on a 503', async () => {
    const line = await lineFor('/thrown/503');
    expect(line.level).toBe('error');
    expect(line.err?.message).toBe('the handler broke');
    expect(line.err?.stack).toContain('http-logging.spec');
  });

  it('logs an ordinary answer as info', async () => {
    const line = await lineFor('/fine/200');
    expect(line).toMatchObject({ level: 'info', res: { statusCode: 200 } });
    expect(line.msg).toMatch(/^GET \/fine\/200 200 in \d+ ms$/);
  });
});
