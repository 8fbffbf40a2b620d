import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * Reaches into a dependency's private state that issue #13 removed, each with where to go instead.
 * Plain substrings: these files are ours, and a match is cheap to read and to fix.
 */
const FORBIDDEN: { needle: string; instead: string; allowedIn?: string[] }[] = [
  {
    needle: 'driver as unknown',
    instead: "TypeORM's driver internals: use DatabaseToolkit (src/database/database-toolkit.ts)",
  },
  { needle: '.master', instead: "TypeORM's private pool: use DatabaseToolkit.pool() or .client(tx)" },
  {
    needle: '.limiter =',
    instead: "Bull's private queue field: pass the public `limiter` option when the queue is built",
  },
  {
    needle: 'nodemailer/lib/',
    instead: 'import from src/common/nodemailer-lib.ts, whose spec checks the shape we rely on',
    allowedIn: ['src/common/nodemailer-lib.ts'],
  },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

describe('no private internals of our dependencies', () => {
  it('src, bench and test reach no private field of TypeORM, Bull or nodemailer', () => {
    const self = relative(ROOT, __filename);
    const found: string[] = [];
    for (const file of ['src', 'bench', 'test'].flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
      const path = relative(ROOT, file);
      if (path === self) continue;
      const lines = readFileSync(file, 'utf8').split('\n');
      for (const rule of FORBIDDEN) {
        if (rule.allowedIn?.includes(path)) continue;
        lines.forEach((line, i) => {
          const code = line.trimStart();
          if (code.startsWith('*') || code.startsWith('//')) return;
          if (line.includes(rule.needle)) found.push(`${path}:${i + 1} has "${rule.needle}": ${rule.instead}`);
        });
      }
    }
    expect(found).toEqual([]);
  });
});
