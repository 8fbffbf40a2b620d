import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

/** DATABASE_POOL_MAX's default: TypeORM's pool holds at most this many connections. */
export const DEFAULT_POOL_MAX = 20;

export function dataSourceOptions(databaseUrl: string, poolMax = DEFAULT_POOL_MAX): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    // Schema changes only ever come from migrations/.
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+, so no extension needs installing.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    extra: { max: poolMax },
  };
}

/**
 * Creates the database named in the URL when it does not exist yet (fresh machine, demo, tests).
 * Connecting to it is tried first, so a database that exists needs no access to `postgres` (a
 * pooler may list only the service's own database; a managed server may refuse it).
 */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Unsupported database name: ${name}`);
  if (await databaseAnswers(databaseUrl)) return;
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`).catch((e: { code?: string }) => {
        // Another process created it between our check and our CREATE.
        if (e.code !== '42P04' && e.code !== '23505') throw e;
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * True when the database answers. Any failure sends the caller the long way, through `postgres`,
 * whose own error then says what is wrong: PostgreSQL says 3D000 for a missing database, but
 * PgBouncer says 08P01 with the same words.
 */
async function databaseAnswers(databaseUrl: string): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Key of the advisory lock every process holds while it migrates. Advisory locks are
 * per database, so deployments on other databases of the same server never wait for each other.
 */
export const MIGRATION_LOCK_KEY = 7_301_955_120_431;

/** Opens a data source on a database that exists and has every migration applied. */
export async function openDatabase(databaseUrl: string, poolMax = DEFAULT_POOL_MAX): Promise<DataSource> {
  await ensureDatabase(databaseUrl);
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, poolMax));
  await dataSource.initialize();
  try {
    await migrateUnderLock(dataSource, databaseUrl);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/**
 * Processes booting together would otherwise each create the migrations table and run the same
 * migration. The lock is taken on a connection of its own, outside the pool, and is a transaction
 * lock held by a transaction left open while TypeORM migrates on its own connections: a pooler in
 * transaction mode (PgBouncer) keeps that transaction on one server connection until it ends, and
 * the lock ends with it. A session lock would stay behind on whichever server connection PgBouncer
 * had lent, unlocked on another, and stall every later boot. If this process dies, PostgreSQL
 * drops the connection, the transaction and the lock.
 */
async function migrateUnderLock(dataSource: DataSource, databaseUrl: string): Promise<void> {
  const lock = new Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('BEGIN');
    try {
      // Idle in its transaction for as long as the migrations take: a server-wide idle timeout
      // must not end it (and the lock) halfway.
      await lock.query('SET LOCAL idle_in_transaction_session_timeout = 0');
      await lock.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      // The first holder applies the migrations; those that waited find none pending.
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      // Nothing was written on this connection; ending the transaction releases the lock.
      await lock.query('ROLLBACK').catch(() => undefined);
    }
  } finally {
    await lock.end();
  }
}
