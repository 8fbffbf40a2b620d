import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { JobQueue } from './job-queue';
import { jitteredBackoff } from './backoff';
import { QUEUES } from './queue-names';
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
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        redis: config.env.REDIS_URL,
        prefix: config.env.QUEUE_PREFIX,
        defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 },
        settings: { backoffStrategies: { jittered: jitteredBackoff } },
      }),
    }),
    ...queues,
  ],
  providers: [JobQueue],
  exports: [JobQueue, ...queues],
})
export class QueuesModule {}
