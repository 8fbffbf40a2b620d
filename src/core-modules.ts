import type { DynamicModule, Type } from '@nestjs/common';
import type { AppConfig } from './config/app-config';
import { CirclesModule } from './circles/circles.module';
import { RoomsModule } from './rooms/rooms.module';
import { ConfigModule } from './config/config.module';
import { ConversationsModule } from './conversations/conversations.module';
import { DatabaseModule } from './database/database.module';
import { EnrolmentModule } from './enrolment/enrolment.module';
import { InboundModule } from './inbound/inbound.module';
import { MatchingModule } from './matching/matching.module';
import { MetricsCoreModule } from './metrics/metrics-core.module';
import { OffloadModule } from './offload/offload.module';
import { OutboundModule } from './outbound/outbound.module';
import { ProgramsModule } from './programs/programs.module';
import { PromptsModule } from './prompts/prompts.module';
import { QueuesModule } from './queues/queues.module';
import { StorageModule } from './storage/storage.module';

/**
 * What every process runs whatever its roles: configuration, database, queues, storage and the
 * feature services. Kept apart from AppModule so the command line's context loads only these
 * files, not the doors and workers (admin, webhooks, SMTP, worker) it never starts.
 */
export function coreModules(config: AppConfig): (Type | DynamicModule)[] {
  return [
    ConfigModule.forRoot(config),
    DatabaseModule,
    MetricsCoreModule,
    QueuesModule,
    OffloadModule,
    StorageModule,
    ProgramsModule,
    ConversationsModule,
    OutboundModule,
    InboundModule,
    PromptsModule,
    MatchingModule,
    EnrolmentModule,
    CirclesModule,
    RoomsModule,
  ];
}
