import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCloneKeeper } from './clone-keeper';
import { adminUrl, dropAbandonedRuns, newRunId, TEST_DB_PREFIX } from './databases';

/** Far longer than a run may take (CI stops one at 90 minutes). */
const ABANDONED_AFTER_MS = 6 * 3_600_000;

/**
 * One run, one fresh template database with every migration applied. Each test file clones it
 * (CREATE DATABASE ... TEMPLATE, a fraction of a second), so files never see each other's rows.
 */
export default async function globalSetup(): Promise<void> {
  await dropAbandonedRuns(ABANDONED_AFTER_MS);
  const runId = newRunId();
  const template = `${TEST_DB_PREFIX}${runId}_tpl`;
  process.env.MM_TEST_RUN_ID = runId;
  process.env.MM_TEST_TEMPLATE_DB = template;
  // Compiled templates for every app the run starts (TEMPLATE_CACHE_FILE): the first one writes it.
  process.env.MM_TEST_TEMPLATE_CACHE = join(tmpdir(), `${TEST_DB_PREFIX}${runId}-templates.json`);
  await migrateWithoutLeavingGlobals(adminUrl(template));
  startCloneKeeper(runId, template);
}

/**
 * Migrates `url`, then takes back the globals that loading TypeORM put on this process's global
 * object (its metadata storage, tslib's helpers). With --runInBand the test files run in this
 * process, and Jest's node environment hands every test file the globals it finds here: each file's
 * entity classes were registered in this one storage and kept alive with everything their file
 * loaded (about 30 MB a file, out of heap after 140 files).
 */
async function migrateWithoutLeavingGlobals(url: string): Promise<void> {
  const before = new Set(Object.getOwnPropertyNames(globalThis));
  const { openDatabase } = await import('../../src/database/data-source');
  const dataSource = await openDatabase(url);
  await dataSource.destroy();
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    if (!before.has(name)) delete (globalThis as Record<string, unknown>)[name];
  }
}
