import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { startApp, type RunningApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { cloneTemplate, dropDatabase, TEST_DB_PREFIX } from '../setup/databases';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * One isolated world per test file: a database cloned from the run's migrated template, a
 * Redis key prefix of its own, and temporary outbox and attachment folders.
 */
export class TestEnv {
  readonly outboxDir = mkdtempSync(join(tmpdir(), 'mm-outbox-'));
  readonly storageDir = mkdtempSync(join(tmpdir(), 'mm-blobs-'));
  readonly queuePrefix = `mmtest:${randomBytes(4).toString('hex')}`;
  private readonly apps = new Set<RunningApp>();

  private constructor(
    readonly dbName: string,
    readonly databaseUrl: string,
  ) {}

  static async create(): Promise<TestEnv> {
    const name = `${TEST_DB_PREFIX}${process.env.MM_TEST_RUN_ID}_${randomBytes(4).toString('hex')}`;
    return new TestEnv(name, await cloneTemplate(name));
  }

  config(overrides: Record<string, string> = {}): AppConfig {
    return AppConfig.fromEnvironment({
      NODE_ENV: 'test',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: this.queuePrefix,
      HTTP_PORT: '0',
      SMTP_PORT: '0',
      OUTBOX_DIR: this.outboxDir,
      STORAGE_DIR: this.storageDir,
      LOG_LEVEL: 'error',
      RECOVERY_INTERVAL_MS: '500',
      ...overrides,
    });
  }

  async start(overrides: Record<string, string> = {}): Promise<RunningApp> {
    const running = await startApp(this.config(overrides));
    this.apps.add(running);
    const close = running.close;
    running.close = async () => {
      this.apps.delete(running);
      await close();
    };
    return running;
  }

  /** Removes every Redis key of this world. */
  async flushQueues(): Promise<void> {
    const redis = new Redis(REDIS_URL);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.queuePrefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }

  async destroy(): Promise<void> {
    for (const app of [...this.apps]) await app.close();
    await this.flushQueues();
    await dropDatabase(this.dbName);
  }
}
