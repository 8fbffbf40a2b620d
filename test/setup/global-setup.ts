import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/database/data-source';
import { adminUrl, TEST_DB_PREFIX } from './databases';

/**
 * One run, one fresh template database with every migration applied. Each test file clones it
 * (CREATE DATABASE ... TEMPLATE, a fraction of a second), so files never see each other's rows.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const template = `${TEST_DB_PREFIX}${runId}_tpl`;
  process.env.MM_TEST_RUN_ID = runId;
  process.env.MM_TEST_TEMPLATE_DB = template;
  // Compiled templates for every app the run starts (TEMPLATE_CACHE_FILE): the first one writes it.
  process.env.MM_TEST_TEMPLATE_CACHE = join(tmpdir(), `${TEST_DB_PREFIX}${runId}-templates.json`);
  const dataSource = await openDatabase(adminUrl(template));
  await dataSource.destroy();
}
