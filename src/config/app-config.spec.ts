import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configProblems, TEST_SECRET as SECRET } from '../../test/support/config-problems';
import { AppConfig, ConfigError } from './app-config';

describe('AppConfig', () => {
  it('runs locally with no setting but a secret', () => {
    const config = AppConfig.fromEnvironment(SECRET);
    expect(config.env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/mentormail');
    expect(config.env.ROLES).toEqual(['api', 'worker', 'smtp']);
    expect(config.env.MAIL_TRANSPORT).toBe('file');
    expect(config.noticesAddress).toBe('notices@relay.localhost');
  });

  it('reports every problem at once', () => {
    let error: ConfigError | undefined;
    try {
      AppConfig.fromEnvironment({ HTTP_PORT: 'abc', ROLES: 'api,cook', MAIL_TRANSPORT: 'ses' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.problems.join('\n');
    expect(text).toMatch(/HTTP_PORT/);
    expect(text).toMatch(/ROLES/);
    expect(text).toMatch(/AWS_REGION: required when MAIL_TRANSPORT=ses/);
  });

  it('production refuses an http or missing PUBLIC_URL, reported with every other problem', () => {
    const problems = (env: Record<string, string>) => configProblems(env, {});
    const http = problems({ ...SECRET, NODE_ENV: 'production', PUBLIC_URL: 'http://mentormail.example' });
    expect(http).toEqual([
      expect.stringMatching(/^PUBLIC_URL: must be an https URL when NODE_ENV=production/),
    ]);
    expect(http[0]).toContain('"http://mentormail.example"');
    const unset = problems({ NODE_ENV: 'production', HTTP_PORT: 'abc' });
    expect(unset.join('\n')).toMatch(/APP_SECRET/);
    expect(unset.join('\n')).toMatch(/HTTP_PORT/);
    expect(unset.join('\n')).toMatch(/PUBLIC_URL: must be an https URL .*got nothing/);
    expect(problems({ ...SECRET, NODE_ENV: 'production', PUBLIC_URL: 'https://mentormail.example' })).toEqual(
      [],
    );
    // Elsewhere http is kept exactly as given: a demo on a laptop has no certificate.
    const local = AppConfig.fromEnvironment({ ...SECRET, PUBLIC_URL: 'http://127.0.0.1:8080' });
    expect(local.env.PUBLIC_URL).toBe('http://127.0.0.1:8080');
  });

  it('requires driver settings only when the driver is chosen', () => {
    expect(() => AppConfig.fromEnvironment({ MAIL_TRANSPORT: 'smtp' })).toThrow(/OUTBOUND_SMTP_HOST/);
    const ok = AppConfig.fromEnvironment({
      ...SECRET,
      MAIL_TRANSPORT: 'smtp',
      OUTBOUND_SMTP_HOST: 'mailpit',
    });
    expect(ok.env.OUTBOUND_SMTP_PORT).toBe(587);
  });

  it('HTTP_HOST binds loopback by default and refuses what is not an address or host name', () => {
    expect(AppConfig.fromEnvironment(SECRET).env.HTTP_HOST).toBe('127.0.0.1');
    expect(AppConfig.fromEnvironment({ ...SECRET, HTTP_HOST: '0.0.0.0' }).env.HTTP_HOST).toBe('0.0.0.0');
    expect(() => AppConfig.fromEnvironment({ ...SECRET, HTTP_HOST: 'not a host' })).toThrow(/HTTP_HOST/);
  });

  it("JOB_LOCK_MS is Bull's 30 s unless set, and never under a second", () => {
    expect(AppConfig.fromEnvironment(SECRET).env.JOB_LOCK_MS).toBe(30_000);
    expect(AppConfig.fromEnvironment({ ...SECRET, JOB_LOCK_MS: '2000' }).env.JOB_LOCK_MS).toBe(2000);
    expect(configProblems({ JOB_LOCK_MS: '500' })).toEqual([expect.stringMatching(/^JOB_LOCK_MS: /)]);
  });

  it('DATABASE_POOL_MAX is 20 unless set, and never under 5', () => {
    expect(AppConfig.fromEnvironment(SECRET).env.DATABASE_POOL_MAX).toBe(20);
    expect(AppConfig.fromEnvironment({ ...SECRET, DATABASE_POOL_MAX: '8' }).env.DATABASE_POOL_MAX).toBe(8);
    expect(configProblems({ DATABASE_POOL_MAX: '4' })).toEqual([
      expect.stringMatching(/^DATABASE_POOL_MAX: /),
    ]);
  });

  it('JOB_HANDOFF is bull unless set; in-process needs the worker role', () => {
    expect(AppConfig.fromEnvironment(SECRET).env.JOB_HANDOFF).toBe('bull');
    expect(AppConfig.fromEnvironment({ ...SECRET, JOB_HANDOFF: 'in-process' }).env.JOB_HANDOFF).toBe(
      'in-process',
    );
    expect(
      AppConfig.fromEnvironment({ ...SECRET, JOB_HANDOFF: 'in-process', ROLES: 'smtp, worker' }).env.ROLES,
    ).toEqual(['smtp', 'worker']);
    expect(() =>
      AppConfig.fromEnvironment({ ...SECRET, JOB_HANDOFF: 'in-process', ROLES: 'api,smtp' }),
    ).toThrow(/JOB_HANDOFF: in-process needs the worker role/);
    expect(() => AppConfig.fromEnvironment({ ...SECRET, JOB_HANDOFF: 'redis' })).toThrow(/JOB_HANDOFF/);
  });

  it('parses roles from a comma list', () => {
    const config = AppConfig.fromEnvironment({ ...SECRET, ROLES: 'worker' });
    expect(config.hasRole('worker')).toBe(true);
    expect(config.hasRole('api')).toBe(false);
  });

  it("reads TRUST_PROXY in express's forms; unset or false trusts no proxy", () => {
    const trust = (value?: string) =>
      AppConfig.fromEnvironment({ ...SECRET, ...(value === undefined ? {} : { TRUST_PROXY: value }) }).env
        .TRUST_PROXY;
    expect([trust(), trust('false'), trust('1'), trust('true'), trust('loopback, 10.0.0.0/8')]).toEqual([
      undefined,
      undefined,
      1,
      true,
      'loopback, 10.0.0.0/8',
    ]);
  });

  describe('APP_SECRET', () => {
    const secretFile = () => join(mkdtempSync(join(tmpdir(), 'mm-secret-')), 'var', 'app-secret');

    it('has no built-in value: required unless development or tests say otherwise', () => {
      for (const env of [{}, { NODE_ENV: 'production' }, { APP_SECRET: 'short' }]) {
        expect(() => AppConfig.fromEnvironment(env, { secretFile: secretFile() })).toThrow(/APP_SECRET/);
      }
    });

    it('development makes a random one, owner-only, and keeps it for the next start', () => {
      const file = secretFile();
      const first = AppConfig.fromEnvironment({ NODE_ENV: 'development' }, { secretFile: file }).env
        .APP_SECRET;
      expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(readFileSync(file, 'utf8').trim()).toBe(first);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const again = AppConfig.fromEnvironment({}, { secretFile: file, local: true }).env.APP_SECRET;
      expect(again).toBe(first);
      // Another machine (another file) gets another secret: nothing is shared by default.
      const other = AppConfig.fromEnvironment({ NODE_ENV: 'development' }, { secretFile: secretFile() });
      expect(other.env.APP_SECRET).not.toBe(first);
    });

    it('a set secret always wins; production never falls back', () => {
      const file = secretFile();
      expect(
        AppConfig.fromEnvironment({ NODE_ENV: 'development', ...SECRET }, { secretFile: file }).env
          .APP_SECRET,
      ).toBe(SECRET.APP_SECRET);
      expect(() =>
        AppConfig.fromEnvironment({ NODE_ENV: 'production' }, { secretFile: file, local: true }),
      ).toThrow(/APP_SECRET/);
    });
  });
});
