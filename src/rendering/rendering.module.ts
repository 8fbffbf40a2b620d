import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RenderingService } from './rendering.service';
import { loadTemplatesCached } from './template-cache';
import { TemplateRenderer } from './template-renderer';
import { resolveTemplatesDir } from './templates-dir';

/** Set only by the command line's context (TemplateCacheModule): where its template cache lives. */
export const TEMPLATE_CACHE_FILE = Symbol('TEMPLATE_CACHE_FILE');

/**
 * Compiles every template at boot: a template that fails strict MJML validation or escapes
 * templates/ stops the process before it can send a broken email. A CLI command, or a server
 * given TEMPLATE_CACHE_FILE, reads the compiled sources from its cache instead while no template
 * changed (see template-cache.ts); any change compiles everything strictly again.
 */
@Module({
  providers: [
    {
      provide: TemplateRenderer,
      inject: [
        { token: TEMPLATE_CACHE_FILE, optional: true },
        { token: AppConfig, optional: true },
      ],
      useFactory: (cliCacheFile?: string, config?: AppConfig) => {
        const cacheFile = cliCacheFile ?? config?.env.TEMPLATE_CACHE_FILE;
        return cacheFile
          ? loadTemplatesCached(resolveTemplatesDir(), cacheFile)
          : TemplateRenderer.compileAll(resolveTemplatesDir());
      },
    },
    RenderingService,
  ],
  exports: [RenderingService, TemplateRenderer],
})
export class RenderingModule {}

/** The command line's switch to the template cache; never imported by the server. */
@Global()
@Module({})
export class TemplateCacheModule {
  static forFile(cacheFile: string): DynamicModule {
    return {
      module: TemplateCacheModule,
      providers: [{ provide: TEMPLATE_CACHE_FILE, useValue: cacheFile }],
      exports: [TEMPLATE_CACHE_FILE],
    };
  }
}
