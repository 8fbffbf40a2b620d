import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger as Pino } from 'pino';
import type { AppConfig } from './config/app-config';
import type { Role } from './config/env.schema';
import { AdminModule } from './admin/admin.module';
import { coreModules } from './core-modules';
import { HealthModule } from './health/health.module';
import { HttpServerModule } from './http/http-server.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { SmtpModule } from './inbound/smtp/smtp.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { SesEventsModule } from './webhooks/ses-events.module';
import { WorkerModule } from './worker/worker.module';

/** The whole service; ROLES decides which doors (HTTP, SMTP) and which workers this process runs. */
@Module({})
export class AppModule {
  /** `logger`: the process's pino logger when the caller built it first (bootstrap.ts). */
  static forRoot(config: AppConfig, roles: readonly Role[] = config.env.ROLES, logger?: Pino): DynamicModule {
    const has = (role: Role) => roles.includes(role);
    return {
      module: AppModule,
      imports: [
        LoggingModule.forRoot(logger),
        ...coreModules(config),
        ...(has('api') || config.env.METRICS_PORT !== undefined
          ? [MetricsModule.forRoot(config, roles)]
          : []),
        ...(has('api') ? [HttpServerModule, HealthModule, WebhooksModule, SesEventsModule, AdminModule] : []),
        ...(has('worker') ? [WorkerModule] : []),
        ...(has('smtp') ? [SmtpModule] : []),
      ],
    };
  }
}
