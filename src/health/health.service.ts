import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { QUEUES } from '../queues/queue-names';

export interface HealthReport {
  status: 'ok' | 'degraded';
  postgres: 'up' | 'down';
  redis: 'up' | 'down';
}

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.inbound) private readonly queue: Queue,
  ) {}

  async check(): Promise<HealthReport> {
    const within = <T>(p: Promise<T>) =>
      Promise.race([
        p,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
    const [pg, redis] = await Promise.allSettled([
      within(this.dataSource.query('SELECT 1')),
      within(this.queue.client.ping()),
    ]);
    const postgres = pg.status === 'fulfilled' ? 'up' : 'down';
    const r = redis.status === 'fulfilled' ? 'up' : 'down';
    return { status: postgres === 'up' && r === 'up' ? 'ok' : 'degraded', postgres, redis: r };
  }
}
