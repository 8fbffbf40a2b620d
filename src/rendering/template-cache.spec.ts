import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  let dir: string;
  let cacheFile: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mm-template-cache-'));
    cpSync(resolveTemplatesDir(), path.join(dir, 'templates'), { recursive: true });
    cacheFile = path.join(dir, 'cache', 'templates.json');
  });

  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  const templates = () => path.join(dir, 'templates');

  it('serves every template without running MJML once written, rendering what a full compile renders', async () => {
    const full = await TemplateRenderer.compileAll(templates());
    await loadTemplatesCached(templates(), cacheFile);
    const compile = jest.spyOn(mjmlCompiler, 'compileMjml');
    const cached = await loadTemplatesCached(templates(), cacheFile);
    expect(compile).not.toHaveBeenCalled();
    expect(cached.templateNames).toEqual(full.templateNames);
    for (const name of full.templateNames) {
      expect(cached.renderInput(sampleInput(name))).toEqual(full.renderInput(sampleInput(name)));
    }
  });

  it('compiles again after a template changes, and a broken template still stops the command', async () => {
    await loadTemplatesCached(templates(), cacheFile);
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
    await loadTemplatesCached(templates(), cacheFile);
    const content = JSON.parse(readFileSync(cacheFile, 'utf8')) as { key: string };
    writeFileSync(cacheFile, JSON.stringify({ ...content, key: 'stale' }));
    const compile = jest.spyOn(mjmlCompiler, 'compileMjml');
    await loadTemplatesCached(templates(), cacheFile);
    expect(compile).toHaveBeenCalled();
  });
});
