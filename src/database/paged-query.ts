import type { DataSource, EntityManager } from 'typeorm';

/** What a table's page asks (the admin's TableState is one): a search, a sort key, a direction, a page. */
export interface PageRequest {
  q: string;
  sort?: string;
  dir: 'ascending' | 'descending';
  page: number;
}

/** One page of rows, with how many match in all (the admin's TableView). */
export interface PageOf<T> {
  rows: T[];
  total: number;
  pages: number;
  page: number;
}

/**
 * A table too large to load whole, in SQL. Every string here is the repository's own text, never
 * the request's: the request picks a sort key of `sorts` (anything else falls back to `order`)
 * and its search is a bound parameter.
 */
export interface PagedSql {
  select: string;
  /** FROM and JOINs. */
  from: string;
  /** The filter, with `params` as $1..$n. */
  where: string;
  params: unknown[];
  /** Text expressions the search box looks in, case-insensitive, as a substring. */
  search: string[];
  /** Sort key (the column's key on the page) to an SQL expression. */
  sorts: Readonly<Record<string, string>>;
  /** The order without a sort, and the tie-break after one: it must end on a unique column, or rows swap between pages. */
  order: string;
}

/** A search box's text as an ILIKE substring pattern: its own % and _ match themselves; blank, no filter. */
function likePattern(q: string | undefined): string | null {
  const text = q?.trim();
  return text ? `%${text.replace(/[\\%_]/g, '\\$&')}%` : null;
}

/**
 * Counts the matching rows, then reads the asked page (the last one when asked past the end, as the
 * in-memory tables do). OFFSET paging: staff page through a programme's audit or a pairing's
 * history a few pages deep; the count is the same filtered scan the page needs anyway.
 */
export async function pagedQuery<T>(
  db: DataSource | EntityManager,
  sql: PagedSql,
  req: PageRequest,
  pageSize: number,
): Promise<PageOf<T>> {
  const pattern = likePattern(req.q);
  const params = [...sql.params];
  let where = sql.where;
  if (pattern && sql.search.length) {
    params.push(pattern);
    const p = `$${params.length}`;
    where = `(${where}) AND (${sql.search.map((e) => `${e} ILIKE ${p}`).join(' OR ')})`;
  }
  const [{ n }]: { n: number }[] = await db.query(
    `SELECT count(*)::int AS n FROM ${sql.from} WHERE ${where}`,
    params,
  );
  const pages = Math.max(1, Math.ceil(n / pageSize));
  const page = Math.min(Math.max(1, req.page), pages);
  const sortKey = req.sort !== undefined && Object.hasOwn(sql.sorts, req.sort) ? req.sort : undefined;
  const order = sortKey
    ? `${sql.sorts[sortKey]} ${req.dir === 'descending' ? 'DESC' : 'ASC'} NULLS LAST, ${sql.order}`
    : sql.order;
  const rows: T[] =
    n === 0
      ? []
      : await db.query(
          `SELECT ${sql.select} FROM ${sql.from} WHERE ${where} ORDER BY ${order}
            LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
          [...params, pageSize, (page - 1) * pageSize],
        );
  return { rows, total: n, pages, page };
}
