import type { DataSource } from 'typeorm';

/**
 * A read that aggregates over a whole programme or every programme (health, signals, funnel).
 * Their cost estimates pass `jit_above_cost`, so PostgreSQL would JIT-compile each run (1 to 2 s
 * measured on the admin bench) to save a few milliseconds of a 100 ms query. `SET LOCAL` turns JIT
 * off for this transaction alone: it works through PgBouncer in transaction mode, where a startup
 * option or a session SET would not reach (or would leak to) the right server connection.
 */
export function reportQuery<T>(dataSource: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  return dataSource.transaction(async (m) => {
    await m.query('SET LOCAL jit = off');
    return (await m.query(sql, params)) as T[];
  });
}
