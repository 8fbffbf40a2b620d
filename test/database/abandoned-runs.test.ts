import { Client } from 'pg';
import { adminUrl, dropAbandonedRuns, dropRunDatabases, newRunId, TEST_DB_PREFIX } from '../setup/databases';

const HOUR = 3_600_000;

/**
 * A run stopped before its teardown leaves its databases behind; the next run's set-up drops
 * those of runs started long ago, and never those of a run that may still be going.
 */
describe('databases of abandoned test runs', () => {
  const admin = new Client({ connectionString: adminUrl('postgres') });
  const old = newRunId(Date.now() - 7 * HOUR);
  const recent = newRunId(Date.now() - HOUR);

  beforeAll(async () => {
    await admin.connect();
    for (const name of [`${old}_tpl`, `${old}_1a2b3c4d_ready`, `${recent}_tpl`]) {
      await admin.query(`CREATE DATABASE "${TEST_DB_PREFIX}${name}"`);
    }
  });

  afterAll(async () => {
    await dropRunDatabases(old);
    await dropRunDatabases(recent);
    await admin.end();
  });

  async function runDatabases(runId: string): Promise<string[]> {
    const rows = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname',
      [`${TEST_DB_PREFIX}${runId}%`],
    );
    return rows.rows.map((r) => r.datname);
  }

  it('drops every database of a run started over six hours ago, and keeps the rest', async () => {
    expect(await runDatabases(old)).toHaveLength(2);
    const dropped = await dropAbandonedRuns(6 * HOUR);
    expect(dropped).toContain(old);
    expect(dropped).not.toContain(recent);
    expect(dropped).not.toContain(process.env.MM_TEST_RUN_ID);
    expect(await runDatabases(old)).toEqual([]);
    expect(await runDatabases(recent)).toEqual([`${TEST_DB_PREFIX}${recent}_tpl`]);
    // This run's own template is still there for the files after this one.
    expect(await runDatabases(`${process.env.MM_TEST_RUN_ID}_tpl`)).toHaveLength(1);
  });
});
