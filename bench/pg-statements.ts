import type { Client } from 'pg';

export interface StatementStats {
  /** Forgets what came before: call right before the part to measure. */
  reset(): Promise<void>;
  /** Prints the statements that cost this database the most PostgreSQL time, per email. */
  print(emails: number, limit?: number): Promise<void>;
}

/**
 * Per-statement PostgreSQL time (execution and, with `pg_stat_statements.track_planning = on`,
 * planning) for the bench's database, when the server loads pg_stat_statements
 * (`shared_preload_libraries`, a restart). It is off by default: it costs every statement a little,
 * and the bench's main figures must not depend on it. Without it, `print` says how to load it.
 */
export async function statementStats(client: Client): Promise<StatementStats> {
  const { rows } = await client.query<{ loaded: boolean }>(
    `SELECT current_setting('shared_preload_libraries') ~ 'pg_stat_statements' AS loaded`,
  );
  if (!rows[0].loaded) {
    return {
      reset: async () => undefined,
      print: async () =>
        console.log(
          '  (per-statement PostgreSQL figures: add pg_stat_statements to shared_preload_libraries and restart PostgreSQL to see them)',
        ),
    };
  }
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  return {
    async reset() {
      // This database's entries only: other databases' figures are theirs.
      await client.query(
        'SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)',
      );
    },
    async print(emails, limit = 10) {
      const { rows: top } = await client.query<{
        calls: number;
        plans: number;
        plan_ms: number;
        exec_ms: number;
        query: string;
      }>(
        `SELECT calls::int, plans::int, total_plan_time AS plan_ms, total_exec_time AS exec_ms, query
           FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          ORDER BY total_plan_time + total_exec_time DESC
          LIMIT $1`,
        [limit],
      );
      console.log(`  PostgreSQL per email by statement (pg_stat_statements over ${emails} emails):`);
      for (const s of top) {
        const text = s.query.replace(/\s+/g, ' ').slice(0, 90);
        console.log(
          `    exec ${(s.exec_ms / emails).toFixed(3)} ms, plan ${(s.plan_ms / emails).toFixed(3)} ms, ` +
            `calls ${(s.calls / emails).toFixed(2)} (${s.plans} planned): ${text}`,
        );
      }
    },
  };
}
