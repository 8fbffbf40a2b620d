import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/app-config';
import type { Role } from './config/env.schema';
import { AdminModule } from './admin/admin.module';
import { ConfigModule } from './config/config.module';
import { ConversationsModule } from './conversations/conversations.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { InboundModule } from './inbound/inbound.module';
import { SmtpModule } from './inbound/smtp/smtp.module';
import { OutboundModule } from './outbound/outbound.module';
import { ProgramsModule } from './programs/programs.module';
import { PromptsModule } from './prompts/prompts.module';
import { QueuesModule } from './queues/queues.module';
import { StorageModule } from './storage/storage.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { SesEventsModule } from './webhooks/ses-events.module';
import { WorkerModule } from './worker/worker.module';

/** The whole service; ROLES decides which doors (HTTP, SMTP) and which workers this process runs. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, roles: readonly Role[] = config.env.ROLES): DynamicModule {
    const has = (role: Role) => roles.includes(role);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        QueuesModule,
        StorageModule,
        ProgramsModule,
        ConversationsModule,
        OutboundModule,
        InboundModule,
        PromptsModule,
        ...(has('api') ? [HealthModule, WebhooksModule, SesEventsModule, AdminModule] : []),
        ...(has('worker') ? [WorkerModule] : []),
        ...(has('smtp') ? [SmtpModule] : []),
      ],
    };
  }
}
