import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../src/app.module';
import { serveHttp, startApp, type RunningApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { usePinoLogger } from '../../src/logging/logging.module';
import { cloneTemplate, retireDatabase, TEST_DB_PREFIX } from '../setup/databases';
import { deleteQueueKeys } from './queue-keys';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * What every app of the run starts with, in this process or a child one: start-up cost, and no
 * schedule tick of its own (a test that wants one sets SCHEDULE_TICK_MS).
 */
export function startUpSettings(): Record<string, string> {
  const cache = process.env.MM_TEST_TEMPLATE_CACHE;
  return {
    // Bull repeats the tick on the wall-clock minute: a test running across one had prompts and
    // welcomes it never asked for (the circle privacy test failed so). Tests send ticks themselves.
    SCHEDULE_TICK_MS: '3600000',
    // Inline: an offload thread starts under ts-node in about 1.5 s, in every app a test boots.
    // The threads have their own test (src/offload/offload.spec.ts).
    OFFLOAD_THREADS: '0',
    // One strict compile per run instead of one per app (1 to 3 s each); see template-cache.ts.
    ...(cache ? { TEMPLATE_CACHE_FILE: cache } : {}),
  };
}

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
      ...startUpSettings(),
      ...overrides,
    });
  }

  /**
   * Starts the app on this world. `providers` replaces injectables at their token (an SNS
   * certificate fetcher, an SES client), through Nest's testing module; the rest is the real app.
   */
  async start(
    overrides: Record<string, string> = {},
    providers: [unknown, unknown][] = [],
  ): Promise<RunningApp> {
    const config = this.config(overrides);
    const running =
      providers.length === 0 ? await startApp(config) : await startWithProviders(config, providers);
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
    await deleteQueueKeys(REDIS_URL, this.queuePrefix);
  }

  async destroy(): Promise<void> {
    for (const app of [...this.apps]) await app.close();
    await this.flushQueues();
    await retireDatabase(this.dbName);
    // Every sent copy and stored attachment of the file: about 66 MB a run, left in /tmp for good.
    for (const dir of [this.outboxDir, this.storageDir]) rmSync(dir, { recursive: true, force: true });
  }
}

async function startWithProviders(config: AppConfig, providers: [unknown, unknown][]): Promise<RunningApp> {
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] });
  for (const [token, value] of providers) builder = builder.overrideProvider(token as string).useValue(value);
  const moduleRef = await builder.setLogger(new ConsoleLogger({ logLevels: ['error'] })).compile();
  if (!config.hasRole('api')) {
    usePinoLogger(moduleRef);
    await moduleRef.init();
    return { app: moduleRef, close: () => moduleRef.close() };
  }
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  usePinoLogger(app);
  return serveHttp(app, config);
}
