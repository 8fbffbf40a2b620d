import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { TestEnv, REDIS_URL } from '../support/test-env';

const ROOT = resolve(__dirname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/emails/checks/bounce-postfix-failed.eml');

// The first run may transpile every source (no dist/ yet): allow for it on a shared machine.
jest.setTimeout(120_000);

/** The CLI as `npm run cli` starts it: the launcher, building dist/ where sources changed. */
describe('the CLI launcher (scripts/cli.js)', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await TestEnv.create();
  });

  afterAll(async () => {
    await env.destroy();
  });

  /** The last line on stderr: a first run also reports what it transpiled. */
  const lastError = (run: { stderr: string }) => run.stderr.trim().split('\n').pop();

  const cli = (args: string[], extraEnv: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(ROOT, 'scripts/cli.js'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...extraEnv },
    });

  it('prints the commands, prompt:send and digest:send among them', () => {
    const run = cli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('prompt:send --pairing RELAY --prompt KEY');
    expect(run.stdout).toContain('digest:send --participant EMAIL');
  });

  it('parses an email without a database, JSON only on stdout', () => {
    const run = cli(['parse', FIXTURE], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ from: 'mailer-daemon@mail.example.net' });
  });

  it('says what is wrong and exits 1 for an unknown pairing or participant', () => {
    const db = {
      DATABASE_URL: env.databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: env.queuePrefix,
      LOG_LEVEL: 'error',
    };
    const prompt = cli(['prompt:send', '--pairing', 'nobody-x@relay.localhost', '--prompt', 'mood-poll'], db);
    expect([prompt.status, lastError(prompt)]).toEqual([
      1,
      'error: No pairing has the relay address nobody-x@relay.localhost.',
    ]);
    const digest = cli(['digest:send', '--participant', 'who@nowhere.example'], db);
    expect([digest.status, lastError(digest)]).toEqual([
      1,
      'error: No participant has the address who@nowhere.example.',
    ]);
    const missing = cli(['prompt:send', '--pairing', 'x@relay.localhost'], db);
    expect([missing.status, lastError(missing)]).toEqual([1, 'error: --prompt is required']);
  });

  it('sends a prompt from its own context once, to both members, each as one .eml in the outbox', () => {
    const db = {
      DATABASE_URL: env.databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: env.queuePrefix,
      OUTBOX_DIR: env.outboxDir,
      LOG_LEVEL: 'error',
    };
    const seed = cli(['seed-demo'], db);
    expect(seed.status).toBe(0);
    const relay = /Relay address: (\S+)/.exec(seed.stdout)![1];

    const send = cli(['prompt:send', '--pairing', relay, '--prompt', 'woop'], db);
    expect(send.status).toBe(0);
    const written = [...send.stdout.matchAll(/: sent \((.+\.eml)\)/g)].map((m) => basename(m[1]));
    expect(written).toHaveLength(2);
    expect(readdirSync(env.outboxDir).sort()).toEqual([...written].sort());
    expect(readFileSync(join(env.outboxDir, written[0]), 'utf8')).toMatch(/WOOP/);

    const again = cli(['prompt:send', '--pairing', relay, '--prompt', 'woop'], db);
    expect(again.stdout).toContain('already sent to every member before; nothing is sent twice.');
    expect(readdirSync(env.outboxDir)).toHaveLength(2);
  });
});
