import path from 'node:path';
import { Test } from '@nestjs/testing';
import { RenderingModule } from './rendering.module';
import { RenderingService } from './rendering.service';
import { SAMPLE_PROPS } from './sample-props';
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

  it('finds templates/ from the source tree and from the build output', () => {
    const repoTemplates = path.resolve(__dirname, '../../templates');
    expect(resolveTemplatesDir(__dirname)).toBe(repoTemplates);
    expect(resolveTemplatesDir(path.resolve(__dirname, '../../dist/src/rendering'))).toBe(repoTemplates);
  });
});
