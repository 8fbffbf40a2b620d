import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { PROMPT_LIBRARY } from '../src/prompts/library/prompt-library';
import { deleteQueueKeys } from '../test/support/queue-keys';

const REDIS = 'redis://127.0.0.1:6379';

const ROOT = resolve(__dirname, '..');
const FIXTURE = join(ROOT, 'test/fixtures/emails/checks/bounce-postfix-failed.eml');

/** Wall time of one command, in seconds; throws if it fails. */
function timed(command: string, args: string[], env: Record<string, string> = {}): number {
  return timedRun(command, args, env).seconds;
}

function timedRun(command: string, args: string[], env: Record<string, string> = {}) {
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr}`);
  return { seconds, stdout: run.stdout };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const s = (seconds: number) => `${seconds.toFixed(2)} s`;
const medianMin = (values: number[]) => `median ${s(median(values))}, min ${s(Math.min(...values))}`;

/**
 * How long `npm run cli` takes to start: `--help` and `parse` (no database), cold (no dist/ at
 * all, as after `npm ci` on a fresh checkout: every source is transpiled first) and warm (dist/
 * current), beside the ts-node --transpile-only launcher the CLI used before.
 */
export async function runCliStartBench(): Promise<void> {
  const cli = ['scripts/cli.js'];
  const tsNode = [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'src/cli/main.ts'];
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  const cold = timed(process.execPath, [...cli, '--help']);
  const help = median([1, 2, 3, 4, 5].map(() => timed(process.execPath, [...cli, '--help'])));
  const parse = median([1, 2, 3, 4, 5].map(() => timed(process.execPath, [...cli, 'parse', FIXTURE])));
  const npmHelp = median([1, 2, 3].map(() => timed('npm', ['run', '-s', 'cli', '--', '--help'])));
  const beforeHelp = median([1, 2, 3].map(() => timed(process.execPath, [...tsNode, '--help'])));
  const beforeParse = median([1, 2, 3].map(() => timed(process.execPath, [...tsNode, 'parse', FIXTURE])));
  console.log(`cold (no dist/, transpile everything, then --help): ${s(cold)}`);
  console.log(
    `warm --help: ${s(help)} (through npm run: ${s(npmHelp)}); warm parse: ${s(parse)}  (goal < 1.5 s)`,
  );
  console.log(
    `the same CLI under ts-node --transpile-only (the launcher before): --help ${s(beforeHelp)}, parse ${s(beforeParse)}`,
  );
  await runDatabaseCommandBench(cli);
}

/**
 * A command that opens the database: `prompt:send` on the demo pairing of a throw-away database,
 * each run a different prompt, so each really renders and writes two emails (the whole command,
 * an upper bound of its start). The first run finds no template cache (removed, as after an
 * edit) and compiles every template; the five after it use the cache.
 */
async function runDatabaseCommandBench(cli: string[]): Promise<void> {
  const name = `mm_bench_cli_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const env = {
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${name}`,
    QUEUE_PREFIX: `mmbench:${name}`,
    OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'mm-bench-cli-outbox-')),
    STORAGE_DIR: mkdtempSync(join(tmpdir(), 'mm-bench-cli-blobs-')),
    LOG_LEVEL: 'error',
  };
  try {
    const seed = timedRun(process.execPath, [...cli, 'seed-demo'], env);
    const relay = /Relay address: (\S+)/.exec(seed.stdout)![1];
    const keys = PROMPT_LIBRARY.filter((p) => p.kind !== 'poll').map((p) => p.key);
    const send = (key: string) =>
      timed(process.execPath, [...cli, 'prompt:send', '--pairing', relay, '--prompt', key], env);
    // As after an edit to a template: the CLI compiles every template and writes the cache again.
    rmSync(join(ROOT, 'dist', 'template-cache.json'), { force: true });
    const uncached = send(keys[0]);
    const runs = keys.slice(1, 6).map(send);
    console.log(
      `prompt:send (database, 2 emails written): ${medianMin(runs)} (goal < 1.5 s); first run after a template change (no cache, every template compiled): ${s(uncached)}; seed-demo (first, migrates): ${s(seed.seconds)}`,
    );
  } finally {
    await deleteQueueKeys(REDIS, env.QUEUE_PREFIX);
    const client = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  }
}
