import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const FIXTURE = join(ROOT, 'test/fixtures/emails/checks/bounce-postfix-failed.eml');

/** Wall time of one command, in seconds; throws if it fails. */
function timed(command: string, args: string[]): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr}`);
  return seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const s = (seconds: number) => `${seconds.toFixed(2)} s`;

/**
 * How long `npm run cli` takes to start: `--help` and `parse` (no database), cold (no dist/ at
 * all, as after `npm ci` on a fresh checkout: every source is transpiled first) and warm (dist/
 * current), beside the ts-node --transpile-only launcher the CLI used before.
 */
export function runCliStartBench(): void {
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
}
