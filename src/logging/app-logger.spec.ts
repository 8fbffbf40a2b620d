import { Writable } from 'node:stream';
import { logAddress } from '../common/log-address';
import { AppConfig, ConfigError } from '../config/app-config';
import { logFormatProblems } from '../config/env.schema';
import { createAppLogger } from './app-logger';
import { logPath } from './http-logging';

const SECRET = 'a-long-enough-test-secret';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

const config = (env: Record<string, string> = {}) =>
  AppConfig.fromEnvironment({ APP_SECRET: SECRET, ...env });

describe('the app logger', () => {
  it('writes JSON lines with level names, and masks fields named like addresses whole', async () => {
    const out = capture();
    const logger = await createAppLogger(config(), out.stream);
    logger.info(
      {
        inboundId: 'i-1',
        from: 'Ann Lee <Ann@Example.org>',
        to: ['bob@example.net'],
        payload: { email: 'c@x.org' },
      },
      'about an email',
    );
    const line = JSON.parse(out.text()) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'info',
      msg: 'about an email',
      inboundId: 'i-1',
      from: logAddress('ann@example.org', SECRET),
      to: [logAddress('bob@example.net', SECRET)],
      payload: { email: logAddress('c@x.org', SECRET) },
    });
    expect(out.text()).not.toMatch(/Ann Lee|example\.(org|net)|x\.org/);
  });

  it('masks addresses inside an error message and its stack', async () => {
    const out = capture();
    const logger = await createAppLogger(config(), out.stream);
    logger.warn({ err: new Error('550 5.1.1 <ann@example.org>: no such user') }, 'send failed');
    expect(out.text()).toContain(logAddress('ann@example.org', SECRET));
    expect(out.text()).not.toContain('ann@example.org');
  });

  it('LOG_LEVEL uses Nest names: `log` is info, `warn` drops info, `silent` writes nothing', async () => {
    for (const [level, written] of [
      ['log', 2],
      ['warn', 1],
      ['silent', 0],
    ] as const) {
      const out = capture();
      const logger = await createAppLogger(config({ LOG_LEVEL: level }), out.stream);
      logger.info('one');
      logger.warn('two');
      expect(out.text().split('\n').filter(Boolean)).toHaveLength(written);
    }
  });

  it('LOG_FORMAT=pretty writes text for a terminal, still masked', async () => {
    const out = capture();
    const logger = await createAppLogger(config({ LOG_FORMAT: 'pretty' }), out.stream);
    logger.info({ deliveryId: 'd-1' }, 'sent to ann@example.org');
    const text = out.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(text).toContain(`sent to ${logAddress('ann@example.org', SECRET)}`);
    expect(text).toContain('deliveryId: "d-1"');
  });

  it('refuses LOG_FORMAT=pretty at boot where pino-pretty is not installed (a production image)', () => {
    const missing = () => {
      throw new Error('Cannot find module');
    };
    expect(logFormatProblems({ LOG_FORMAT: 'pretty' }, missing)).toEqual([
      expect.stringMatching(/^LOG_FORMAT: pretty needs the dev dependency pino-pretty/),
    ]);
    expect(logFormatProblems({ LOG_FORMAT: 'json' }, missing)).toEqual([]);
    expect(() => config({ LOG_FORMAT: 'yaml' })).toThrow(ConfigError);
  });
});

describe('logPath', () => {
  it('drops the query string and the token of unsubscribe and vote links', () => {
    expect(logPath('/u/abc.def-123/pause/4?x=1')).toBe('/u/:token/pause/4');
    expect(logPath('/v/tok')).toBe('/v/:token');
    expect(logPath('/admin/pairings/7?next=%2F')).toBe('/admin/pairings/7');
  });
});
