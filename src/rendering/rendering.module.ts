import { Module } from '@nestjs/common';
import { RenderingService } from './rendering.service';
import { TemplateRenderer } from './template-renderer';
import { resolveTemplatesDir } from './templates-dir';

/**
 * Compiles every template at boot: a template that fails strict MJML validation or escapes
 * templates/ stops the process before it can send a broken email.
 */
@Module({
  providers: [
    { provide: TemplateRenderer, useFactory: () => TemplateRenderer.compileAll(resolveTemplatesDir()) },
    RenderingService,
  ],
  exports: [RenderingService, TemplateRenderer],
})
export class RenderingModule {}
