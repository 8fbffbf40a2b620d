import { getQueueToken } from '@nestjs/bull';
import { Injectable, Module, type BeforeApplicationShutdown, type OnApplicationShutdown } from '@nestjs/common';
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
export class RedisLink implements BeforeApplicationShutdown, OnApplicationShutdown {
  readonly connection: RedisConnection;

  constructor(
    config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {
    this.connection = redisConnection(config.env);
  }

  /**
   * Every queue stops taking jobs and lets its running ones finish, all at once and while the
   * database is still open. Bull's pause waits up to 0.5 s per queue for its blocked Redis read;
   * Nest's own hooks close the queues one module at a time, which made a worker's stop 1.5 s.
   * A local pause writes nothing to Redis, and the queues can still enqueue until they close.
   */
  async beforeApplicationShutdown(): Promise<void> {
    // As Queue#close does with its own pause: a failure (Redis gone) must not stop the shutdown.
    await Promise.all(this.queues().map((queue) => queue.pause(true).catch(() => undefined)));
  }

  async onApplicationShutdown(): Promise<void> {
    // Queue#close is idempotent: Nest's own shutdown hook on each queue gets the same promise.
    await Promise.all(this.queues().map((queue) => queue.close()));
    await this.connection.close();
  }

  private queues(): Queue[] {
    return Object.values(QUEUES).map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
  }
}

@Module({ providers: [RedisLink], exports: [RedisLink] })
export class RedisLinkModule {}
