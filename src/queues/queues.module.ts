import { BullModule } from '@nestjs/bull';
import { Global, Logger, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DeploymentRepository } from '../database/deployment.repository';
import { InProcessHandoff } from './in-process-handoff';
import { JobQueue } from './job-queue';
import { jitteredBackoff } from './backoff';
import { QUEUES } from './queue-names';
import { queueNamespace } from './queue-namespace';
import { RedisLink, RedisLinkModule } from './redis-link';
import { outboundQueue } from '../outbound/sending/outbound-queue';

const queues = [
  ...Object.values(QUEUES)
    .filter((name) => name !== QUEUES.outbound)
    .map((name) => BullModule.registerQueue({ name })),
  // Built with Bull's public rate-limiter option when sending through SES.
  outboundQueue,
];

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      imports: [RedisLinkModule],
      inject: [AppConfig, DeploymentRepository, RedisLink],
      useFactory: async (config: AppConfig, deployment: DeploymentRepository, redis: RedisLink) => {
        // Bound to the database, not only to configuration: see queue-namespace.ts.
        const prefix = queueNamespace(config.env.QUEUE_PREFIX, await deployment.id());
        new Logger('Queues').log(`Redis key prefix ${prefix} (${redis.connection.describe})`);
        return {
          ...redis.connection.options,
          prefix,
          defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 },
          settings: {
            backoffStrategies: { jittered: jitteredBackoff },
            lockDuration: config.env.JOB_LOCK_MS,
            stalledInterval: config.env.JOB_LOCK_MS,
          },
        };
      },
    }),
    ...queues,
  ],
  providers: [JobQueue, InProcessHandoff],
  exports: [JobQueue, InProcessHandoff, ...queues],
})
export class QueuesModule {}
