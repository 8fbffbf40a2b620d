import { existsSync } from 'node:fs';
import { loadTemplatesCached } from '../../rendering/template-cache';
import { resolveTemplatesDir } from '../../rendering/templates-dir';

/**
 * Compiles every template strictly, without a database, and leaves the CLI's template cache for
 * the commands after it. The image build runs it: a broken template fails the build, and a
 * command in a container (where dist/ is read-only, so no command could write the cache) starts
 * without compiling MJML.
 */
export async function buildTemplateCache(cacheFile: string): Promise<string> {
  const renderer = await loadTemplatesCached(resolveTemplatesDir(), cacheFile);
  // The cache is written on a best-effort basis for other commands; here it is the whole point.
  if (!existsSync(cacheFile)) throw new Error(`could not write ${cacheFile}`);
  return `${renderer.templateNames.length} templates compiled, cache in ${cacheFile}`;
}
