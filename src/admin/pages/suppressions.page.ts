import { html } from '../html/html';
import { when } from '../html/format';
import { dataTable, tableState, tableView, type Column } from '../html/data-table';
import { badge, csrfField, page, type PageContext } from '../html/layout';
import type { SuppressionsView } from '../services/suppressions-admin.service';

/** Part of the outbound log: addresses we no longer send to, and the way back for each. */
export function suppressionsPage(
  ctx: PageContext,
  v: SuppressionsView,
  active?: boolean,
  notice?: string,
  query: Record<string, unknown> = {},
): string {
  type Row = SuppressionsView['rows'][number];
  const columns: Column<Row>[] = [
    {
      key: 'address',
      label: 'Address',
      cell: (r) => r.address,
      sortBy: (r) => r.address,
      search: (r) => r.address,
    },
    {
      key: 'participant',
      label: 'Participant',
      cell: (r) => r.owners ?? html`<span class="muted">not a participant</span>`,
      sortBy: (r) => r.owners,
      search: (r) => r.owners,
    },
    {
      key: 'reason',
      label: 'Reason',
      cell: (r) => r.reason,
      sortBy: (r) => r.reason,
      search: (r) => r.reason,
    },
    { key: 'source', label: 'Source', cell: (r) => r.source, sortBy: (r) => r.source },
    { key: 'since', label: 'Since', cell: (r) => when(r.createdAt), sortBy: (r) => new Date(r.createdAt) },
    {
      key: 'state',
      label: 'State',
      sortBy: (r) => (r.liftedAt ? 1 : 0),
      cell: (r) =>
        r.liftedAt
          ? html`${badge('lifted')} ${when(r.liftedAt)}`
          : html`<form class="inline" method="post" action="/admin/suppressions/lift">
              ${csrfField(ctx)}<input type="hidden" name="address" value="${r.address}" />
              <button type="submit" class="secondary">Lift</button>
            </form>`,
    },
  ];
  const state = tableState(query, columns);
  const tab = (label: string, href: string, on: boolean, n?: number) =>
    on
      ? html`<strong>${label}</strong>`
      : html`<a href="${href}">${label}</a>${n === undefined ? '' : ` (${n})`}`;
  return page(
    ctx,
    'Suppression list',
    html`<p><a href="/admin/deliveries">Outbound log</a> · suppression list</p>
      ${notice ? html`<p class="ok" role="status">${notice}</p>` : null}
      <p class="muted">
        Addresses that bounced permanently, reached a bounce score of 4 in 30 days, or were suppressed by
        staff. Nothing is sent to them (such deliveries show as suppressed). Lifting resumes sending and
        starts the bounce score from zero; a new bounce suppresses the address again.
      </p>
      <p>
        ${tab('all', '/admin/suppressions', active === undefined)} ·
        ${tab('active', '/admin/suppressions?active=1', active === true, v.counts.active)} ·
        ${tab('lifted', '/admin/suppressions?active=0', active === false, v.counts.lifted)}
      </p>
      ${dataTable({
        base: active === undefined ? '/admin/suppressions' : `/admin/suppressions?active=${active ? 1 : 0}`,
        label: 'Suppressed addresses',
        columns,
        state,
        view: tableView(v.rows, columns, state),
        empty: 'No address is suppressed.',
      })}`,
  );
}
