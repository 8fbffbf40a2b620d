import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { TestEnv } from '../support/test-env';

/**
 * Tables the migrations create that no entity maps: their repositories speak raw SQL. TypeORM's
 * schema builder reads only the tables of entities (it never drops or alters any other), so these
 * are outside the drift check below; listing them makes a new one a decision, not an accident.
 */
const TABLES_WITHOUT_ENTITY = [
  'deployment',
  'films',
  'migrations',
  'notice_windows',
  'pairing_tours',
  'prompt_films',
  'sender_processes',
  'virtual_tours',
];

/**
 * The entities describe the schema the migrations build: on a freshly migrated database TypeORM's
 * schema builder (what `synchronize` and `migration:generate` run) finds nothing to change, so a
 * generated migration holds only what a change to an entity meant.
 */
describe('schema drift', () => {
  let env: TestEnv;
  let dataSource: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create(); // a clone of the run's template: every migration applied
    dataSource = await new DataSource(dataSourceOptions(env.databaseUrl)).initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await env.destroy();
  });

  it('finds no pending migration and no change between the entities and the migrated database', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    // The statements themselves, so a failure says what drifted.
    expect(pending.upQueries.map((q) => q.query.trim())).toEqual([]);
  });

  it('leaves out only the tables that have no entity, by design', async () => {
    const rows: { table_name: string }[] = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const mapped = new Set(dataSource.entityMetadatas.map((m) => m.tableName));
    const unmapped = rows.map((r) => r.table_name).filter((t) => !mapped.has(t));
    expect(unmapped.sort()).toEqual(TABLES_WITHOUT_ENTITY);
    // Every entity's table exists: the builder would otherwise plan a CREATE TABLE, but say it plainly.
    expect([...mapped].filter((t) => !rows.some((r) => r.table_name === t))).toEqual([]);
  });
});
