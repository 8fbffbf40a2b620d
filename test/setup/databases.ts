import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const TEST_DB_PREFIX = 'mm_test_';
/** A clone renamed with this suffix is finished with; see clone-keeper.ts. */
export const RETIRED_SUFFIX = '_done';
/** A clone made ahead by the clone keeper, for the next file to take. */
export const READY_SUFFIX = '_ready';
const BASE_URL = process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';

export function adminUrl(database: string): string {
  return `${BASE_URL}/${database}`;
}

async function withAdmin<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database cloned from this run's migrated template: one the clone keeper made ahead
 * (clone-keeper.ts), taken by renaming it, or else a new clone made here.
 */
export async function cloneTemplate(name: string): Promise<string> {
  const template = process.env.MM_TEST_TEMPLATE_DB;
  if (!template) throw new Error('integration tests need test/setup/global-setup.ts');
  await withAdmin(async (c) => {
    if (!(await claimReadyClone(c, name))) await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  });
  return adminUrl(name);
}

/** Both workers may reach for the same ready clone: the rename decides, the other tries the next. */
async function claimReadyClone(c: Client, name: string): Promise<boolean> {
  const ready = await c.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE datname LIKE $1 AND right(datname, $2) = $3',
    [`${TEST_DB_PREFIX}${process.env.MM_TEST_RUN_ID}%`, READY_SUFFIX.length, READY_SUFFIX],
  );
  for (const { datname } of ready.rows) {
    try {
      await c.query(`ALTER DATABASE "${datname}" RENAME TO "${name}"`);
      return true;
    } catch (error) {
      // 3D000: the other worker took it first.
      if ((error as { code?: string }).code !== '3D000') throw error;
    }
  }
  return false;
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * Hands a file's clone to the run's clone keeper (clone-keeper.ts) to drop, by renaming it, which
 * takes milliseconds where DROP DATABASE waits for a checkpoint. A clone something still holds
 * open cannot be renamed: it is dropped here, as before. Without a keeper running (a runner
 * that skipped the global setup), the global teardown's sweep of the run drops it all the same.
 */
export async function retireDatabase(name: string): Promise<void> {
  try {
    await withAdmin((c) => c.query(`ALTER DATABASE "${name}" RENAME TO "${name}${RETIRED_SUFFIX}"`));
  } catch {
    await dropDatabase(name);
  }
}

/** The test databases of one run, or of every run without `runId`. */
async function testDatabases(c: Client, runId = ''): Promise<string[]> {
  const rows = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
    `${TEST_DB_PREFIX}${runId}%`,
  ]);
  return rows.rows.map((r) => r.datname);
}

/** Clones first: the template cannot be dropped while they exist. */
async function dropClonesThenTemplate(c: Client, names: string[]): Promise<void> {
  const ordered = [...names].sort((a, b) => Number(a.endsWith('_tpl')) - Number(b.endsWith('_tpl')));
  for (const name of ordered) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

export async function dropRunDatabases(runId: string): Promise<void> {
  await withAdmin(async (c) => dropClonesThenTemplate(c, await testDatabases(c, runId)));
}

/** A run's id: its start time in base 36, then six hex digits (global-setup.ts). */
export function newRunId(now = Date.now()): string {
  return `${now.toString(36)}${randomBytes(3).toString('hex')}`;
}

/**
 * Drops the databases of runs that started more than `maxAgeMs` ago: a run stopped before its
 * teardown (Ctrl-C, a CI time-out) leaves its template and clones behind, and nothing else would
 * ever drop them. The age keeps a run still going on the same server safe.
 */
export async function dropAbandonedRuns(maxAgeMs: number): Promise<string[]> {
  return withAdmin(async (c) => {
    const abandoned = new Map<string, string[]>();
    for (const name of await testDatabases(c)) {
      const runId = /^([0-9a-z]+)_/.exec(name.slice(TEST_DB_PREFIX.length))?.[1] ?? '';
      const started = runId.length > 6 ? parseInt(runId.slice(0, -6), 36) : NaN;
      if (Date.now() - started > maxAgeMs) abandoned.set(runId, [...(abandoned.get(runId) ?? []), name]);
    }
    for (const names of abandoned.values()) await dropClonesThenTemplate(c, names);
    return [...abandoned.keys()];
  });
}
