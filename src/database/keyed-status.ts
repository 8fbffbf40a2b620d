/**
 * The SQL condition that a row found by its key is still in `status`: `(d.status = 'sending') IS TRUE`.
 *
 * The states work passes through (received, queued, sending) are rare in PostgreSQL's statistics,
 * so a plain `d.id = $1 AND d.status = 'sending'` makes the planner search the `(status, time)`
 * index for them instead of the primary key. That index also holds an entry for every earlier
 * version of every row that passed through the state, until vacuum removes it, and a bitmap scan
 * never marks those entries dead: each batch read all of them, so the hot path grew slower with
 * the table between vacuums. Wrapped in `IS TRUE` the condition matches no index; the row comes by
 * its key and the status is checked on it. `status` is NOT NULL, so the meaning is unchanged. A
 * sweep's search for rows by status keeps the plain condition; its re-read of each row it revives
 * goes by key, or a backlog (when a sweep matters most) cost a walk of the index per row.
 *
 * `alias` and `status` are constants of the calling repository, never input.
 */
export function keyedStatusIs(alias: string, status: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias) || !/^[a-z_]+$/.test(status))
    throw new Error(`keyedStatusIs: not a plain alias and status: ${alias}, ${status}`);
  return `(${alias}.status = '${status}') IS TRUE`;
}
