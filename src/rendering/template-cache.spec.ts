import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as mjmlCompiler from './mjml-compiler';
import { sampleInput } from './sample-props';
import { libraryPromptTemplate } from './template-catalog';
import { loadTemplatesCached } from './template-cache';
import { TemplateCompileError } from './template-errors';
import { TemplateRenderer } from './template-renderer';
import { resolveTemplatesDir } from './templates-dir';

jest.setTimeout(60_000);

const WOOP = libraryPromptTemplate('woop');

describe('the CLI template cache', () => {
  // One strict compile for the file (MJML over every template is seconds on a loaded machine):
  // the renderer it gives is the reference, and the cache it writes is each test's starting point.
  // The key covers file names and contents, not the folder, so a copy of the cache matches a copy
  // of the templates.
  let primedCache: string;
  let full: TemplateRenderer;
  let dir: string;
  let cacheFile: string;

  beforeAll(async () => {
    const primed = mkdtempSync(path.join(tmpdir(), 'mm-template-cache-primed-'));
    primedCache = path.join(primed, 'templates.json');
    full = await TemplateRenderer.compileAll(resolveTemplatesDir());
    const compile = jest.spyOn(mjmlCompiler, 'compileMjml');
    await loadTemplatesCached(resolveTemplatesDir(), primedCache);
    // Written by a full strict compile of its own.
    expect(compile).toHaveBeenCalledTimes(full.templateNames.length);
    compile.mockRestore();
  });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mm-template-cache-'));
    cpSync(resolveTemplatesDir(), path.join(dir, 'templates'), { recursive: true });
    cacheFile = path.join(dir, 'cache', 'templates.json');
    mkdirSync(path.dirname(cacheFile));
    copyFileSync(primedCache, cacheFile);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  afterAll(() => rmSync(path.dirname(primedCache), { recursive: true, force: true }));

  const templates = () => path.join(dir, 'templates');

  it('serves every template without running MJML once written, rendering what a full compile renders', async () => {
    const compile = jest.spyOn(mjmlCompiler, 'compileMjml');
    const cached = await loadTemplatesCached(templates(), cacheFile);
    expect(compile).not.toHaveBeenCalled();
    expect(cached.templateNames).toEqual(full.templateNames);
    for (const name of full.templateNames) {
      expect(cached.renderInput(sampleInput(name))).toEqual(full.renderInput(sampleInput(name)));
    }
  });

  it('compiles again after a template changes, and a broken template still stops the command', async () => {
    const woop = path.join(templates(), 'prompts', 'woop.mjml');
    const source = readFileSync(woop, 'utf8');

    writeFileSync(
      woop,
      source.replace(
        '</mj-body>',
        '<mj-section><mj-column><mj-text>Edited line</mj-text></mj-column></mj-section></mj-body>',
      ),
    );
    const edited = await loadTemplatesCached(templates(), cacheFile);
    expect(edited.renderInput(sampleInput(WOOP)).text).toContain('Edited line');

    writeFileSync(woop, source.replace('</mj-body>', '<mj-nonsense>broken</mj-nonsense></mj-body>'));
    await expect(loadTemplatesCached(templates(), cacheFile)).rejects.toThrow(TemplateCompileError);
  });

  it('ignores a cache written for other sources', async () => {
    const content = JSON.parse(readFileSync(cacheFile, 'utf8')) as { key: string };
    writeFileSync(cacheFile, JSON.stringify({ ...content, key: 'stale' }));
    // Seeing MJML asked at all is the point; the compile itself is the first test's business.
    const compile = jest.spyOn(mjmlCompiler, 'compileMjml').mockRejectedValue(new Error('MJML was asked'));
    await expect(loadTemplatesCached(templates(), cacheFile)).rejects.toThrow('MJML was asked');
    expect(compile).toHaveBeenCalled();
  });
});
