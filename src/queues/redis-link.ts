import { getQueueToken } from '@nestjs/bull';
import { Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import { AppConfig } from '../config/app-config';
import { QUEUES } from './queue-names';
import { redisConnection, type RedisConnection } from './redis-connection';

/**
 * The process's way to Redis, made once from configuration. On a Cluster, Bull leaves the
 * connections it asked `createClient` for open, so they are closed here, after every queue.
 */
@Injectable()
export class RedisLink implements OnApplicationShutdown {
  readonly connection: RedisConnection;

  constructor(
    config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {
    this.connection = redisConnection(config.env);
  }

  async onApplicationShutdown(): Promise<void> {
    // Queue#close is idempotent: Nest's own shutdown hook on each queue gets the same promise.
    const queues = Object.values(QUEUES).map((name) =>
      this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
    );
    await Promise.all(queues.map((queue) => queue.close()));
    await this.connection.close();
  }
}

@Module({ providers: [RedisLink], exports: [RedisLink] })
export class RedisLinkModule {}
