import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { MigrationStateRepository } from '../database/migration-state.repository';
import { QUEUES } from '../queues/queue-names';

/** How long a dependency may take to answer before it counts as down. */
export const READY_TIMEOUT_MS = 2_000;

export interface ReadyReport {
  status: 'ok' | 'degraded';
  postgres: 'up' | 'down';
  redis: 'up' | 'down';
  /** `pending`: this build has migrations the database lacks; `unknown` while PostgreSQL is down. */
  migrations: 'applied' | 'pending' | 'unknown';
}

function within<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

@Injectable()
export class HealthService {
  constructor(
    private readonly migrations: MigrationStateRepository,
    @InjectQueue(QUEUES.inbound) private readonly queue: Queue,
  ) {}

  /** Ready to take traffic: PostgreSQL and Redis answer within 2 s and every migration is applied. */
  async ready(): Promise<ReadyReport> {
    const [pending, redis] = await Promise.allSettled([
      within(this.migrations.pending()),
      within(this.queue.client.ping()),
    ]);
    const postgres = pending.status === 'fulfilled' ? 'up' : 'down';
    const migrations =
      pending.status === 'rejected' ? 'unknown' : pending.value.length === 0 ? 'applied' : 'pending';
    const r = redis.status === 'fulfilled' ? 'up' : 'down';
    const ok = postgres === 'up' && r === 'up' && migrations === 'applied';
    return { status: ok ? 'ok' : 'degraded', postgres, redis: r, migrations };
  }
}
