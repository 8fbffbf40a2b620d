import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AppConfig } from '../config/app-config';
import { coreModules } from '../core-modules';
import { TemplateCacheModule } from '../rendering/rendering.module';

/**
 * The CLI's root: the service's core modules (the same instances of the same services, so a
 * command sends through the outbox exactly as the schedule does) without any role: no HTTP, SMTP
 * listener, worker, schedule tick or recovery sweep. It loads neither AppModule nor bootstrap.ts,
 * whose doors and workers a command never starts.
 */
@Module({})
class CliContextModule {}

/**
 * A context with the database, queues and services but no doors or workers: for CLI commands.
 * With `templateCacheFile`, templates come from that cache while none changed (template-cache.ts).
 */
export async function startCliContext(
  config: AppConfig,
  options: { templateCacheFile?: string } = {},
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(
    {
      module: CliContextModule,
      imports: [
        ...coreModules(config),
        ...(options.templateCacheFile ? [TemplateCacheModule.forFile(options.templateCacheFile)] : []),
      ],
    },
    { logger: ['error', 'warn'] },
  );
  await app.init();
  return app;
}
