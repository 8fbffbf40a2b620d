import { html } from '../html/html';
import { bytes, when } from '../html/format';
import { badge, csrfField, page, type PageContext } from '../html/layout';
import { MODERATED_REASONS, RELEASABLE_HOLDS } from '../../inbound/entities/inbound-email.entity';
import type { DeliveryRow, InboundListRow, InboundRow } from '../repositories/logs.repository';
import { dataTable, tableState, type Column, type TableState, type TableView } from '../html/data-table';

const INBOUND_STATES = ['received', 'accepted', 'rejected', 'held', 'ignored', 'bounce'];
const DELIVERY_STATES = ['queued', 'sending', 'sent', 'failed', 'suppressed', 'uncertain', 'skipped'];

type Query = Record<string, unknown>;

/**
 * Status links keep the search, the sort and the pairing filter; "all" drops the status only, and
 * every link starts again at page 1.
 */
function tabs(
  base: string,
  states: string[],
  counts: Record<string, number>,
  current: string | undefined,
  query: Query,
) {
  const href = (status?: string) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query))
      if (typeof v === 'string' && k !== 'status' && k !== 'page') params.set(k, v);
    if (status) params.set('status', status);
    const rest = params.toString();
    return rest ? `${base}?${rest}` : base;
  };
  return html`<p>
    ${current ? html`<a href="${href()}">all</a>` : html`<strong>all</strong>`}
    ${states.map((s) => html` · ${s === current ? html`<strong>${s}</strong>` : html`<a href="${href(s)}">${s}</a>`} (${counts[s] ?? 0})`)}
  </p>`;
}

/** The filters a log page was opened with: kept in its sort, search and page links. */
function filtered(path: string, filters: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  const rest = params.toString();
  return rest ? `${path}?${rest}` : path;
}

/** The logs grow with every email: searched, sorted and paged in SQL (LogsRepository, INBOUND_SORTS). */
const INBOUND_COLUMNS: Column<InboundListRow>[] = [
  {
    key: 'received',
    label: 'Received',
    cell: (r) => html`<a href="/admin/inbound/${r.id}">${when(r.receivedAt)}</a>`,
    sortable: true,
  },
  { key: 'state', label: 'State', cell: (r) => badge(r.status), sortable: true },
  { key: 'reason', label: 'Reason', cell: (r) => r.reason, sortable: true },
  { key: 'from', label: 'From', cell: (r) => r.fromName ?? r.fromAddress, sortable: true },
  {
    key: 'to',
    label: 'To',
    cell: (r) =>
      r.pairingNames && r.pairingId
        ? html`<a href="/admin/pairings/${r.pairingId}">${r.pairingNames}</a>`
        : r.recipient,
  },
  { key: 'subject', label: 'Subject', cell: (r) => r.subject, sortable: true },
  {
    key: 'auth',
    label: 'Auth',
    cell: (r) => (r.auth ? `${r.auth.spf ?? '?'}/${r.auth.dkim ?? '?'}/${r.auth.dmarc ?? '?'}` : ''),
  },
];

export function inboundRequest(query: Query): TableState {
  return tableState(query, INBOUND_COLUMNS);
}

export function inboundListPage(
  ctx: PageContext,
  rows: TableView<InboundListRow>,
  counts: Record<string, number>,
  status: string | undefined,
  query: Query,
): string {
  return page(
    ctx,
    'Inbound log',
    html`${tabs('/admin/inbound', INBOUND_STATES, counts, status, query)}
      <p class="muted">The search looks in the subject, the sender, the recipient and the pair's names.</p>
      ${dataTable({
        base: filtered('/admin/inbound', { status }),
        label: 'Inbound log',
        columns: INBOUND_COLUMNS,
        state: inboundRequest(query),
        view: rows,
        searchable: true,
        empty: 'No email here.',
      })}`,
  );
}

export function inboundDetailPage(ctx: PageContext, r: InboundRow): string {
  const fields: [string, unknown][] = [
    ['State', r.status],
    ['Reason', r.reason],
    ['Detail', r.detail],
    ['Source', r.source],
    ['From', r.fromAddress],
    // '' is the null sender (MAIL FROM:<>), null an envelope nobody told us (the CLI).
    ['Envelope from', r.envelopeFrom === '' ? '<> (null sender)' : r.envelopeFrom],
    ['To', r.recipient],
    ['Subject', r.subject],
    ['Message-ID', r.messageId],
    ['Size', bytes(r.size)],
    ['Attempts', r.attempts],
    ['Received', when(r.receivedAt)],
    ['Processed', when(r.processedAt)],
    ['Duplicate of', r.duplicateOf],
  ];
  return page(
    ctx,
    r.subject || '(no subject)',
    html`<div class="scroll">
        <table>
          <tbody>
            ${fields.map(
              ([k, v]) =>
                html`<tr>
                  <th scope="row">${k}</th>
                  <td>${v === null || v === undefined ? '—' : String(v)}</td>
                </tr>`,
            )}
            <tr>
              <th scope="row">Pairing</th>
              <td>${r.pairingId ? html`<a href="/admin/pairings/${r.pairingId}">open</a>` : '—'}</td>
            </tr>
            <tr>
              <th scope="row">Authentication</th>
              <td>${r.auth ? Object.entries(r.auth).map(([k, v]) => html`${k}=${v} `) : '—'}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p>
        <a href="/admin/inbound/${r.id}/raw">View raw message</a> ·
        <a href="/admin/inbound/${r.id}/raw?download=1">Download</a>
      </p>
      ${
        r.reason && (MODERATED_REASONS as readonly string[]).includes(r.reason)
          ? html`<p data-moderated>
              ${
                r.status === 'held'
                  ? 'Held for safeguarding review: approve, edit or reject it in its programme’s moderation queue (Safeguarding and moderation), where the decision is kept in the staff audit.'
                  : 'Rejected in its programme’s moderation queue: the decision stands and the author was told why.'
              }
              ${r.pairingId ? html`<a href="/admin/pairings/${r.pairingId}">Its pairing</a>` : null}
            </p>`
          : null
      }
      ${
        r.status !== 'received' &&
        r.status !== 'accepted' &&
        !r.duplicateOf &&
        !(r.reason && (MODERATED_REASONS as readonly string[]).includes(r.reason))
          ? html`<form method="post" action="/admin/inbound/${r.id}/reprocess">
              ${csrfField(ctx)}<button type="submit">Reprocess</button>
              <span class="muted">runs every check again on the stored message</span>
            </form>`
          : null
      }
      ${
        r.status === 'held' && r.reason && (RELEASABLE_HOLDS as readonly string[]).includes(r.reason)
          ? html`<form method="post" action="/admin/inbound/${r.id}/release">
              ${csrfField(ctx)}<button type="submit">Release from hold</button>
              <span class="muted"
                >relays it although it was held (${r.reason}); every other check still runs</span
              >
            </form>`
          : null
      }`,
  );
}

const DELIVERY_COLUMNS: Column<DeliveryRow>[] = [
  { key: 'created', label: 'Created', cell: (r) => when(r.createdAt), sortable: true },
  { key: 'kind', label: 'Kind', cell: (r) => r.kind, sortable: true },
  { key: 'state', label: 'State', cell: (r) => badge(r.status), sortable: true },
  { key: 'reason', label: 'Reason', cell: (r) => r.reason, sortable: true },
  { key: 'to', label: 'To', cell: (r) => r.toName ?? r.toAddress, sortable: true },
  { key: 'attempts', label: 'Attempts', cell: (r) => r.attempts, sortable: true },
  { key: 'sent', label: 'Sent', cell: (r) => when(r.sentAt), sortable: true },
  { key: 'template', label: 'Template', cell: (r) => r.templateName, sortable: true },
];

/** The retry form carries the session's CSRF token: a column made per page. */
const retryColumn = (ctx: PageContext): Column<DeliveryRow> => ({
  key: 'retry',
  label: 'Retry',
  cell: (r) =>
    r.status === 'failed'
      ? html`<form class="inline" method="post" action="/admin/deliveries/${r.id}/retry">
          ${csrfField(ctx)}<button type="submit">Retry</button>
        </form>`
      : null,
});

export function deliveriesRequest(query: Query): TableState {
  return tableState(query, DELIVERY_COLUMNS);
}

export function deliveriesPage(
  ctx: PageContext,
  rows: TableView<DeliveryRow>,
  counts: Record<string, number>,
  filter: { status?: string; pairingId?: string },
  query: Query,
): string {
  const { status, pairingId } = filter;
  return page(
    ctx,
    'Outbound log',
    html`${tabs('/admin/deliveries', DELIVERY_STATES, counts, status, query)}
      <p><a href="/admin/suppressions">Suppression list</a> (addresses we do not send to)</p>
      ${pairingId ? html`<p>Only pairing <a href="/admin/pairings/${pairingId}">${pairingId}</a></p>` : null}
      <p class="muted">The search looks in the recipient's address and name, the kind and the template.</p>
      ${dataTable({
        base: filtered('/admin/deliveries', { status, pairing: pairingId }),
        label: 'Outbound log',
        columns: [...DELIVERY_COLUMNS, retryColumn(ctx)],
        state: deliveriesRequest(query),
        view: rows,
        searchable: true,
        empty: 'No delivery here.',
      })}`,
  );
}
