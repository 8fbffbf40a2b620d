import { html, type HtmlValue, type SafeHtml } from './html';

/** One column: its header, its cell, and (when sortable or searchable) the value behind it. */
export interface Column<T> {
  key: string;
  label: string;
  cell: (row: T) => HtmlValue;
  /** What the column sorts by; no value, no sort link. */
  sortBy?: (row: T) => string | number | Date | null | undefined;
  /**
   * Sorted in SQL by the repository, which maps this key to a column of its own (pagedQuery): for
   * tables too large to load whole. Gives the header its sort link as `sortBy` does.
   */
  sortable?: boolean;
  /** Text the search box looks in. */
  search?: (row: T) => string | null | undefined;
}

export type SortDirection = 'ascending' | 'descending';

/**
 * What the query string asks of a table: ?q=&sort=&dir=&page=. A page with several tables gives
 * each but one a `prefix` (?circles-q=...), so sorting one keeps the others as they were.
 */
export interface TableState {
  q: string;
  sort?: string;
  dir: SortDirection;
  page: number;
  prefix: string;
}

export const PAGE_SIZE = 50;

/** Reads the table's query string; an unknown column or a bad page falls back, never fails. */
export function tableState<T>(query: Record<string, unknown>, columns: Column<T>[], prefix = ''): TableState {
  const [q, sortAsked, dir, pageAsked] = TABLE_KEYS.map((k) => query[prefix + k]);
  const sortable = columns.filter(canSort).map((c) => c.key);
  const sort = typeof sortAsked === 'string' && sortable.includes(sortAsked) ? sortAsked : undefined;
  const page =
    typeof pageAsked === 'string' && /^\d{1,6}$/.test(pageAsked) ? Math.max(1, Number(pageAsked)) : 1;
  return {
    q: typeof q === 'string' ? q.slice(0, 200) : '',
    sort,
    dir: dir === 'descending' ? 'descending' : 'ascending',
    page,
    prefix,
  };
}

const TABLE_KEYS = ['q', 'sort', 'dir', 'page'] as const;

const canSort = <T>(c: Column<T>) => !!c.sortBy || !!c.sortable;

/**
 * The link base of one table on a page of several: the page's path with every other table's
 * query kept and this table's own left out (its links set them again).
 */
export function tableBase(path: string, query: Record<string, unknown>, prefix = ''): string {
  const own = new Set(TABLE_KEYS.map((k) => prefix + k));
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && !own.has(k)) params.set(k, v);
  const rest = params.toString();
  return rest ? `${path}?${rest}` : path;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1; // empty last, either direction
  if (b === null || b === undefined) return -1;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { sensitivity: 'base', numeric: true });
}

export interface TableView<T> {
  rows: T[];
  /** Rows matching the search, before paging. */
  total: number;
  pages: number;
  page: number;
}

/**
 * Search, sort and page on the server, from the query string: every table works without script,
 * and a link to page 3 of a search is a link. In memory, for lists a page loads whole (a
 * programme's people and pairings: hundreds of rows, sorted in well under a millisecond).
 */
export function tableView<T>(
  rows: T[],
  columns: Column<T>[],
  state: TableState,
  pageSize = PAGE_SIZE,
): TableView<T> {
  const needle = state.q.trim().toLowerCase();
  const searchable = columns.filter((c) => c.search);
  let found = needle
    ? rows.filter((r) => searchable.some((c) => (c.search!(r) ?? '').toLowerCase().includes(needle)))
    : rows;
  const column = columns.find((c) => c.key === state.sort);
  if (column?.sortBy) {
    const sign = state.dir === 'descending' ? -1 : 1;
    const by = column.sortBy;
    found = [...found].sort((a, b) => {
      const va = by(a);
      const vb = by(b);
      if (va === null || va === undefined || vb === null || vb === undefined) return compare(va, vb);
      return sign * compare(va, vb);
    });
  }
  const pages = Math.max(1, Math.ceil(found.length / pageSize));
  const page = Math.min(state.page, pages);
  return { rows: found.slice((page - 1) * pageSize, page * pageSize), total: found.length, pages, page };
}

/** `base` may carry a filter of its own (?active=1): kept in every link and in the search form. */
function split(base: string): { path: string; params: URLSearchParams } {
  const at = base.indexOf('?');
  return at < 0
    ? { path: base, params: new URLSearchParams() }
    : { path: base.slice(0, at), params: new URLSearchParams(base.slice(at + 1)) };
}

function link(base: string, state: TableState, change: Partial<TableState>): string {
  const next = { ...state, ...change };
  const { path, params } = split(base);
  const p = next.prefix;
  if (next.q) params.set(`${p}q`, next.q);
  if (next.sort) params.set(`${p}sort`, next.sort);
  if (next.sort && next.dir === 'descending') params.set(`${p}dir`, 'descending');
  if (next.page > 1) params.set(`${p}page`, String(next.page));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

interface TableParts<T> {
  base: string;
  label: string;
  columns: Column<T>[];
  state: TableState;
  view: TableView<T>;
  empty?: string;
  /** A search box although no column searches in memory: the repository searches in SQL. */
  searchable?: boolean;
  /** The table's class, for its styles and for tests that find it. */
  tableClass?: string;
}

/** The search box: a GET form that keeps the other tables' keys, the sort and the page's filters. */
function searchForm<T>(opts: TableParts<T>): SafeHtml | null {
  const { base, columns, state } = opts;
  if (!opts.searchable && !columns.some((c) => c.search)) return null;
  return html`<form
    method="get"
    action="${split(base).path}"
    class="search"
    role="search"
    aria-label="${opts.label}"
  >
    ${[...split(base).params].map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`)}
    <label
      >Search ${opts.label.toLowerCase()} <input type="search" name="${state.prefix}q" value="${state.q}"
    /></label>
    ${state.sort ? html`<input type="hidden" name="${state.prefix}sort" value="${state.sort}" />` : null}
    ${
      state.sort && state.dir === 'descending'
        ? html`<input type="hidden" name="${state.prefix}dir" value="descending" />`
        : null
    }
    <button type="submit">Search</button>
    ${state.q ? html`<a href="${link(base, state, { q: '', page: 1 })}">Clear</a>` : null}
  </form>`;
}

function countLine<T>({ state, view }: TableParts<T>): SafeHtml {
  return html`<p class="muted" role="status">
    ${view.total}
    ${state.q ? html`matching “${state.q}”` : null}${view.pages > 1 ? ` · page ${view.page} of ${view.pages}` : null}
  </p>`;
}

function pager<T>({ base, label, state, view }: TableParts<T>): SafeHtml | null {
  if (view.pages <= 1) return null;
  return html`<nav class="pages" aria-label="${label} pages">
    ${view.page > 1 ? html`<a href="${link(base, state, { page: view.page - 1 })}" rel="prev">Previous</a>` : null}
    <span>Page ${view.page} of ${view.pages}</span>
    ${view.page < view.pages ? html`<a href="${link(base, state, { page: view.page + 1 })}" rel="next">Next</a>` : null}
  </nav>`;
}

/** A sort link: the other direction when this column is the sorted one, ascending otherwise. */
function sortLink<T>({ base, state }: TableParts<T>, c: Column<T>): SafeHtml {
  const sorted = state.sort === c.key;
  const dir: SortDirection = sorted && state.dir === 'ascending' ? 'descending' : 'ascending';
  return html`<a href="${link(base, state, { sort: c.key, dir, page: 1 })}"
    >${c.label}${sorted ? html`<span aria-hidden="true">${state.dir === 'ascending' ? ' ▲' : ' ▼'}</span>` : null}</a
  >`;
}

/**
 * The table with its search box, sort links in the column headers (aria-sort on the sorted one)
 * and page links. Cells carry their column's label for the phone layout, where rows become cards.
 */
export function dataTable<T>(opts: TableParts<T>): SafeHtml {
  const { columns, state, view } = opts;
  const header = (c: Column<T>) => {
    if (!canSort(c)) return html`<th scope="col">${c.label}</th>`;
    const sorted = state.sort === c.key;
    return html`<th scope="col" class="sortable" ${sorted ? html`aria-sort="${state.dir}"` : null}>
      ${sortLink(opts, c)}
    </th>`;
  };
  return html`${searchForm(opts)} ${countLine(opts)}
    <div class="scroll">
      <table${opts.tableClass ? html` class="${opts.tableClass}"` : null}>
        <thead>
          <tr>
            ${columns.map(header)}
          </tr>
        </thead>
        <tbody>
          ${view.rows.map(
            (r) =>
              html`<tr>
                ${columns.map((c) => html`<td data-label="${c.label}">${c.cell(r)}</td>`)}
              </tr>`,
          )}
          ${
            view.rows.length
              ? null
              : html`<tr>
                  <td colspan="${columns.length}" class="muted">${opts.empty ?? 'Nothing here.'}</td>
                </tr>`
          }
        </tbody>
      </table>
    </div>
    ${pager(opts)}`;
}

/**
 * The same search, sort and pages over items that are no table row: a queue whose items carry
 * forms (the moderation queue). The sort links stand in a list above the items; the current one
 * says its direction in words as well, since no header carries aria-sort here.
 */
export function dataCards<T>(opts: TableParts<T> & { item: (row: T) => HtmlValue }): SafeHtml {
  const { columns, state, view } = opts;
  const sortable = columns.filter(canSort);
  return html`${searchForm(opts)} ${countLine(opts)}
  ${
    sortable.length
      ? html`<p class="sort-by">
          Sort by:
          ${sortable.map(
            (c, i) =>
              html`${i ? ' · ' : ''}${sortLink(opts, c)}${
                state.sort === c.key
                  ? html`<span class="visually-hidden"> (sorted ${state.dir})</span>`
                  : null
              }`,
          )}
        </p>`
      : null
  }
  ${view.rows.map((r) => opts.item(r))}
  ${view.rows.length ? null : html`<p class="muted" data-empty>${opts.empty ?? 'Nothing here.'}</p>`}
  ${pager(opts)}`;
}

/**
 * A side list of a page of several (the needs-attention lists): its heading and table, one prefix
 * of its own, searched, sorted and paged in memory; nothing at all when it has no rows.
 */
export function listTable<T>(
  rows: T[],
  t: {
    title: string;
    label: string;
    prefix: string;
    tableClass: string;
    columns: Column<T>[];
    query: Record<string, unknown>;
    path: string;
  },
  intro: HtmlValue = null,
): SafeHtml | null {
  if (rows.length === 0) return null;
  const state = tableState(t.query, t.columns, t.prefix);
  return html`<h2>${t.title}</h2>
    ${intro}
    ${dataTable({
      base: tableBase(t.path, t.query, t.prefix),
      label: t.label,
      columns: t.columns,
      state,
      view: tableView(rows, t.columns, state),
      tableClass: t.tableClass,
    })}`;
}
