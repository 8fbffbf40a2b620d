import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { TemplateName } from './template-catalog';
import {
  compileTemplateSources,
  templateFiles,
  TemplateRenderer,
  type TemplateSources,
} from './template-renderer';

/**
 * MJML output kept on disk, so a command starts without loading MJML and compiling every template
 * (about 1 s of a 2 s start, see README "Command line"). The server reads it only when
 * TEMPLATE_CACHE_FILE names one (the tests do, one per run); otherwise it compiles and validates
 * every template at boot.
 *
 * The cache holds only sources that passed the full strict compile (MJML, includes, alt text and
 * every Handlebars part) and is used only while its key matches: a hash of every .mjml file under
 * templates/, the catalog's file list, the rendering code itself and the versions of the libraries
 * that shape the output. Any edit means a miss, a full strict compile (a broken template still
 * stops the command) and a new cache.
 */
interface CacheFile {
  key: string;
  sources: [TemplateName, TemplateSources][];
}

/** Libraries whose version changes what a template compiles to. */
const OUTPUT_LIBRARIES = ['mjml', 'html-to-text', 'handlebars'];

export async function loadTemplatesCached(
  templatesDir: string,
  cacheFile: string,
): Promise<TemplateRenderer> {
  const root = realpathSync(templatesDir);
  const files = templateFiles(root);
  const key = cacheKey(root, files);
  const cached = readCache(cacheFile, key, files);
  if (cached) return TemplateRenderer.fromSources(files, cached, 'on-first-use');
  const sources = await compileTemplateSources(root, files);
  // Compiles every Handlebars part now, so only sources that pass everything are written.
  const renderer = TemplateRenderer.fromSources(files, sources, 'now');
  writeCache(cacheFile, { key, sources: [...sources] });
  return renderer;
}

function cacheKey(root: string, files: ReadonlyMap<TemplateName, string>): string {
  const hash = createHash('sha256');
  for (const name of OUTPUT_LIBRARIES) {
    const manifest = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as {
      version: string;
    };
    hash.update(`${name}@${manifest.version}\0`);
  }
  for (const file of filesUnder(__dirname, /\.(js|ts)$/))
    hash.update(file).update('\0').update(readFileSync(file));
  for (const file of filesUnder(root, /\.mjml$/)) {
    hash.update(path.relative(root, file)).update('\0').update(readFileSync(file));
  }
  hash.update(JSON.stringify([...files]));
  return hash.digest('hex');
}

function filesUnder(dir: string, pattern: RegExp): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(full, pattern));
    else if (pattern.test(entry.name) && !entry.name.endsWith('.spec.ts')) found.push(full);
  }
  return found.sort();
}

function readCache(
  cacheFile: string,
  key: string,
  files: ReadonlyMap<TemplateName, string>,
): Map<TemplateName, TemplateSources> | null {
  let parsed: CacheFile;
  try {
    parsed = JSON.parse(readFileSync(cacheFile, 'utf8')) as CacheFile;
  } catch {
    return null;
  }
  if (parsed.key !== key || !Array.isArray(parsed.sources)) return null;
  const sources = new Map(parsed.sources);
  const complete = [...files.keys()].every((name) => sources.has(name)) && sources.size === files.size;
  return complete ? sources : null;
}

/** Best effort: where dist/ is read-only (an image), every command compiles, as the server does. */
function writeCache(cacheFile: string, content: CacheFile): void {
  // Written beside and renamed, so a command started meanwhile never reads half a file.
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeFileSync(tmp, JSON.stringify(content));
    renameSync(tmp, cacheFile);
  } catch {
    rmSync(tmp, { force: true });
  }
}
