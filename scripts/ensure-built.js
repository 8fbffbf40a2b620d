'use strict';
/**
 * Keeps dist/ current for `npm start`, `npm run cli` and `npm run demo`, fast enough to run before
 * every command: a stat of each source and its output (a few milliseconds) decides, and only
 * sources newer than their output are transpiled, one file at a time with TypeScript's own
 * transpileModule (tsconfig.json has isolatedModules, so a file compiles alone exactly as under
 * ts-node --transpile-only). TypeScript is loaded only when something is stale. Outputs whose
 * source is gone are removed. `npm run build` (tsc, with type checking) stays the release build;
 * `npm run typecheck` and the tests check types.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'dist');
const SOURCE_DIRS = ['src', 'migrations'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'].map((f) => path.join(ROOT, f));
// Written after a full transpile: a tsconfig newer than it means every output may be wrong.
const CONFIG_STAMP = path.join(OUT, '.tsconfig-stamp');

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** Every .ts file the release build compiles (tsconfig.build.json leaves out the specs). */
function sources(dir, found = []) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) sources(full, found);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && !e.name.endsWith('.d.ts'))
      found.push(full);
  }
  return found;
}

function outputOf(source) {
  return path.join(OUT, path.relative(ROOT, source)).replace(/\.ts$/, '.js');
}

/** Compiled files whose source was deleted or renamed: left in place they could still be loaded. */
function removeOrphans(dir, wanted) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) removeOrphans(full, wanted);
    else if (e.name.endsWith('.js') && !wanted.has(full)) {
      fs.rmSync(full, { force: true });
      fs.rmSync(`${full}.map`, { force: true });
    }
  }
}

function compilerOptions(ts) {
  const file = path.join(ROOT, 'tsconfig.build.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    file,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  return parsed.options;
}

/** Returns how many files were transpiled (0: dist/ was current). */
function ensureBuilt({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const all = SOURCE_DIRS.flatMap((d) => sources(path.join(ROOT, d)));
  // No sources at all is a deployed build (the image has dist/ only), not a checkout whose files
  // were all deleted: every output would count as an orphan and be removed.
  if (all.length === 0) return 0;
  const configChanged = Math.max(...CONFIGS.map(mtime)) > mtime(CONFIG_STAMP);
  const stale = configChanged ? all : all.filter((s) => mtime(s) > mtime(outputOf(s)));
  const outputs = new Set(all.map(outputOf));
  for (const d of SOURCE_DIRS) removeOrphans(path.join(OUT, d), outputs);
  if (stale.length === 0) return 0;

  const started = Date.now();
  log(`Building dist/: ${stale.length} changed source file${stale.length === 1 ? '' : 's'}...`);
  const ts = require('typescript');
  const options = compilerOptions(ts);
  for (const source of stale) {
    const out = outputOf(source);
    const result = ts.transpileModule(fs.readFileSync(source, 'utf8'), {
      compilerOptions: options,
      fileName: source,
      reportDiagnostics: false,
    });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // Written beside and renamed, so a command started meanwhile never loads half a file.
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, result.outputText);
    fs.renameSync(tmp, out);
    if (result.sourceMapText) fs.writeFileSync(`${out}.map`, result.sourceMapText);
  }
  if (configChanged) fs.writeFileSync(CONFIG_STAMP, new Date(started).toISOString());
  log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return stale.length;
}

module.exports = { ensureBuilt };

if (require.main === module) ensureBuilt();
