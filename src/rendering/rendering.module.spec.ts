import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Test } from '@nestjs/testing';
import { TEST_SECRET } from '../../test/support/config-problems';
import { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import * as mjmlCompiler from './mjml-compiler';
import { RenderingModule, TemplateCacheModule } from './rendering.module';
import { RenderingService } from './rendering.service';
import { SAMPLE_PROPS } from './sample-props';
import { loadTemplatesCached } from './template-cache';
import { resolveTemplatesDir } from './templates-dir';

describe('RenderingModule', () => {
  it('compiles the templates at boot and renders through the service', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [RenderingModule] }).compile();
    const service = moduleRef.get(RenderingService);
    const out = service.render('notice-rejected-empty', SAMPLE_PROPS['notice-rejected-empty']);
    expect(out.subject).toBe('Nothing to deliver: Re: Week 3');
    expect(out.templateHash).toBe(service.hashOf('notice-rejected-empty'));
    await moduleRef.close();
  }, 30_000);

  it('compiles every template at boot without the CLI switch or TEMPLATE_CACHE_FILE, even with a cache written; those read it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mm-rendering-cache-'));
    const cacheFile = path.join(dir, 'templates.json');
    try {
      const written = await loadTemplatesCached(resolveTemplatesDir(), cacheFile);
      const compile = jest.spyOn(mjmlCompiler, 'compileMjml');
      const server = await Test.createTestingModule({ imports: [RenderingModule] }).compile();
      expect(compile).toHaveBeenCalledTimes(written.templateNames.length);
      await server.close();

      compile.mockClear();
      const cli = await Test.createTestingModule({
        imports: [RenderingModule, TemplateCacheModule.forFile(cacheFile)],
      }).compile();
      expect(compile).not.toHaveBeenCalled();
      const out = cli
        .get(RenderingService)
        .render('notice-rejected-empty', SAMPLE_PROPS['notice-rejected-empty']);
      expect(out.subject).toBe('Nothing to deliver: Re: Week 3');
      await cli.close();

      // A server reads it too when TEMPLATE_CACHE_FILE names it.
      const config = AppConfig.fromEnvironment({ ...TEST_SECRET, TEMPLATE_CACHE_FILE: cacheFile });
      const cached = await Test.createTestingModule({
        imports: [ConfigModule.forRoot(config), RenderingModule],
      }).compile();
      expect(compile).not.toHaveBeenCalled();
      expect(cached.get(RenderingService).hashOf('notice-rejected-empty')).toBe(
        written.hashOf('notice-rejected-empty'),
      );
      await cached.close();
    } finally {
      jest.restoreAllMocks();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('finds templates/ from the source tree and from the build output', () => {
    const repoTemplates = path.resolve(__dirname, '../../templates');
    expect(resolveTemplatesDir(__dirname)).toBe(repoTemplates);
    expect(resolveTemplatesDir(path.resolve(__dirname, '../../dist/src/rendering'))).toBe(repoTemplates);
  });
});
