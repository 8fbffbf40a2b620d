import type { EntityManager } from 'typeorm';

/**
 * Where a page of a sweep's read ended: the last row's time as PostgreSQL wrote it (text, to the
 * microsecond: a JavaScript Date keeps milliseconds, and a page of rows sharing one transaction's
 * time would then be read again and again) and its id, which breaks ties.
 */
export interface SweepCursor {
  at: string;
  id: string;
}

/** What one sweep reads, page by page: constants of the calling repository, never input. */
export interface SweepSource {
  table: string;
  /** Columns besides id, as the rows return them. */
  columns: string;
  /** The rows to sweep, with `$1` for the one parameter (the time they must be older than). */
  where: string;
  /** The time column pages are ordered by (with id), served by an index on the `where`'s status. */
  time: string;
}

/**
 * When a sweep starts, by PostgreSQL's clock, to the microsecond: a row a statement committed
 * before this call is older, whatever millisecond a JavaScript Date would have given both.
 */
export async function sweepStart(m: EntityManager): Promise<string> {
  const [row] = (await m.query('SELECT clock_timestamp()::text AS at')) as { at: string }[];
  return row.at;
}

/**
 * One page of `source`'s rows older than `olderThan` (a time from sweepStart), in (time, id)
 * order, after `after`.
 */
export async function sweepPage<R extends { id: string }>(
  m: EntityManager,
  source: SweepSource,
  olderThan: string,
  limit: number,
  after?: SweepCursor,
): Promise<(R & { cursor: SweepCursor })[]> {
  const { table, columns, where, time } = source;
  const rows = (await m.query(
    `SELECT id, ${columns}, ${time}::text AS mm_at FROM ${table}
      WHERE ${where} ${after ? `AND (${time}, id) > ($3::timestamptz, $4::uuid)` : ''}
      ORDER BY ${time}, id LIMIT $2`,
    after ? [olderThan, limit, after.at, after.id] : [olderThan, limit],
  )) as (R & { mm_at: string })[];
  return rows.map(({ mm_at, ...row }) => ({ ...(row as unknown as R), cursor: { at: mm_at, id: row.id } }));
}
