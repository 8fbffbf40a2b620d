import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const DOCKERFILE = readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8');

// The first run may transpile every source (no dist/ yet): allow for it on a shared machine.
jest.setTimeout(120_000);

/** Every `COPY` of the Dockerfile: its sources, and whether they come from the build stage. */
function copies(): { from: string | null; sources: string[] }[] {
  return DOCKERFILE.split('\n')
    .filter((line) => line.startsWith('COPY '))
    .map((line) => {
      const args = line.slice('COPY '.length).trim().split(/\s+/);
      const from = args[0].startsWith('--from=') ? args.shift()!.slice('--from='.length) : null;
      return { from, sources: args.slice(0, -1) };
    });
}

/** Files under `dir`, recursively: a transpile or a clean-up would change the count. */
function count(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? count(join(dir, e.name)) : 1),
    0,
  );
}

/**
 * Docker cannot run here, so the image is checked by its parts: what the Dockerfile copies exists,
 * the `mentormail` command is what package.json and PATH name, and the launcher runs the compiled
 * CLI from a folder laid out as the image's /app (dist, templates, package.json, bin, node_modules;
 * no sources, no scripts, no TypeScript build).
 */
describe('the container image', () => {
  it('copies only paths that exist in the repository', () => {
    const fromContext = copies().filter((c) => c.from === null);
    const paths = fromContext.flatMap((c) => c.sources);
    expect(paths).toEqual(expect.arrayContaining(['src', 'migrations', 'templates', 'bin']));
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
    // What the run stage takes from the build stage is made there: node_modules by npm ci, dist by
    // the build (and its template cache by templates:build), package.json copied in.
    const fromBuild = copies()
      .filter((c) => c.from === 'build')
      .flatMap((c) => c.sources);
    expect(fromBuild.sort()).toEqual(['/app/dist', '/app/node_modules', '/app/package.json']);
    expect(DOCKERFILE).toMatch(
      /npm run build && npm prune --omit=dev && node dist\/src\/cli\/main\.js templates:build/,
    );
  });

  it('puts the package.json bin `mentormail` on PATH, an executable node script', () => {
    const bin = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }
    ).bin;
    const file = join(ROOT, bin.mentormail);
    expect(statSync(file).mode & 0o111).toBe(0o111);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(DOCKERFILE).toContain(`ln -s /app/${bin.mentormail} /usr/local/bin/mentormail`);
  });

  it('runs the compiled CLI from the image layout, compiling the template cache without a database', () => {
    // dist/ as `npm run build` leaves it (here brought up to date the quick way, as npm run cli does).
    expect(spawnSync(process.execPath, [join(ROOT, 'scripts/ensure-built.js')]).status).toBe(0);
    const app = mkdtempSync(join(tmpdir(), 'mm-image-'));
    cpSync(join(ROOT, 'dist'), join(app, 'dist'), {
      recursive: true,
      filter: (f) => !f.endsWith('template-cache.json'),
    });
    cpSync(join(ROOT, 'bin'), join(app, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(app, 'package.json'));
    symlinkSync(join(ROOT, 'templates'), join(app, 'templates'));
    symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'));
    const files = count(join(app, 'dist'));
    const mentormail = (args: string[]) =>
      spawnSync(process.execPath, [join(app, 'bin/mentormail.js'), ...args], {
        cwd: app,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      });

    const build = mentormail(['templates:build']);
    expect([build.status, build.stderr]).toEqual([0, '']);
    expect(build.stdout).toMatch(/^\d+ templates compiled, cache in .*dist\/template-cache\.json\n$/);
    expect(existsSync(join(app, 'dist/template-cache.json'))).toBe(true);
    const help = mentormail(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('admin:create EMAIL');
    // Nothing was transpiled or cleaned up: the launcher saw no sources and left dist/ alone.
    expect(count(join(app, 'dist'))).toBe(files + 1);
  });

  it('leaves a dist/ without sources beside it alone, as npm run cli would find it in the image', () => {
    const app = mkdtempSync(join(tmpdir(), 'mm-image-'));
    mkdirSync(join(app, 'scripts'));
    cpSync(join(ROOT, 'scripts/ensure-built.js'), join(app, 'scripts/ensure-built.js'));
    mkdirSync(join(app, 'dist/src/cli'), { recursive: true });
    writeFileSync(join(app, 'dist/src/cli/main.js'), '// the release build\n');
    const run = spawnSync(
      process.execPath,
      ['-e', "process.stdout.write(String(require('./scripts/ensure-built').ensureBuilt()))"],
      {
        cwd: app,
        encoding: 'utf8',
      },
    );
    expect([run.status, run.stdout]).toEqual([0, '0']);
    expect(existsSync(join(app, 'dist/src/cli/main.js'))).toBe(true);
  });
});
