import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { openDatabase } from '../../src/database/data-source';
import { adminUrl, dropDatabase, TEST_DB_PREFIX } from '../setup/databases';

/**
 * Several processes (api, workers, smtp) start together on a database nobody created yet: each
 * creates it if missing and migrates it. They must all come up, and each migration run once.
 */
describe('several processes booting at once on an empty database', () => {
  const name = `${TEST_DB_PREFIX}${process.env.MM_TEST_RUN_ID}_boot_${randomBytes(3).toString('hex')}`;
  const opened: DataSource[] = [];

  afterAll(async () => {
    await Promise.all(opened.map((d) => d.destroy()));
    await dropDatabase(name);
  });

  it('all four boot and every migration is applied exactly once', async () => {
    const boots = await Promise.allSettled([1, 2, 3, 4].map(() => openDatabase(adminUrl(name))));
    for (const boot of boots) if (boot.status === 'fulfilled') opened.push(boot.value);
    const failures = boots.flatMap((b) => (b.status === 'rejected' ? [String(b.reason)] : []));
    expect(failures).toEqual([]);

    const client = new Client({ connectionString: adminUrl(name) });
    await client.connect();
    try {
      const rows = await client.query<{ name: string; runs: string }>(
        'SELECT name, count(*) AS runs FROM migrations GROUP BY name ORDER BY name',
      );
      const expected = MIGRATIONS.map((m) => ({ name: m.name, runs: '1' })).sort((a, b) =>
        a.name.localeCompare(b.name),
      );
      expect(rows.rows).toEqual(expected);
    } finally {
      await client.end();
    }
  });
});
