import { html } from '../html/html';
import { bytes, when } from '../html/format';
import { badge, csrfField, page, type PageContext } from '../html/layout';
import { RELEASABLE_HOLDS } from '../../inbound/entities/inbound-email.entity';
import type { DeliveryRow, InboundListRow, InboundRow } from '../repositories/logs.repository';
import { PAGE_SIZE } from '../services/logs.service';

const INBOUND_STATES = ['received', 'accepted', 'rejected', 'held', 'ignored', 'bounce'];
const DELIVERY_STATES = ['queued', 'sending', 'sent', 'failed', 'suppressed', 'uncertain', 'skipped'];

/** Status links keep the search (and the pairing filter); "all" drops the status only. */
function tabs(base: string, states: string[], counts: Record<string, number>, current?: string, keep = '') {
  const href = (status?: string) => {
    const params = new URLSearchParams(keep);
    if (status) params.set('status', status);
    const query = params.toString();
    return query ? `${base}?${query}` : base;
  };
  return html`<p>
    ${current ? html`<a href="${href()}">all</a>` : html`<strong>all</strong>`}
    ${states.map((s) => html` · ${s === current ? html`<strong>${s}</strong>` : html`<a href="${href(s)}">${s}</a>`} (${counts[s] ?? 0})`)}
  </p>`;
}

/** Keyset paging: the next page is the rows before the last one shown, with the same filters. */
function more(base: string, status: string | undefined, last: Date | undefined, keep = '') {
  if (!last) return null;
  const q = new URLSearchParams(keep);
  if (status) q.set('status', status);
  q.set('before', new Date(last).toISOString());
  return html`<p><a href="${base}?${q.toString()}" rel="next">Older</a></p>`;
}

/** A search box filtered in SQL (LogsRepository), keeping the status and pairing it was opened with. */
function searchBox(
  base: string,
  label: string,
  q: string | undefined,
  hidden: Record<string, string | undefined>,
) {
  return html`<form method="get" action="${base}" class="search" role="search" aria-label="${label}">
    ${Object.entries(hidden).map(([k, v]) => (v ? html`<input type="hidden" name="${k}" value="${v}" />` : null))}
    <label>Search ${label.toLowerCase()} <input type="search" name="q" value="${q ?? ''}" /></label>
    <button type="submit">Search</button>
    ${q ? html`<a href="${base}${hidden.status ? `?status=${hidden.status}` : ''}">Clear</a>` : null}
  </form>`;
}

export function inboundListPage(
  ctx: PageContext,
  rows: InboundListRow[],
  counts: Record<string, number>,
  status?: string,
  q?: string,
): string {
  const keep = q ? new URLSearchParams({ q }).toString() : '';
  return page(
    ctx,
    'Inbound log',
    html`${tabs('/admin/inbound', INBOUND_STATES, counts, status, keep)}
      ${searchBox('/admin/inbound', 'Inbound log', q, { status })}
      ${q ? html`<p class="muted" role="status">Subject, sender, recipient or pair names matching “${q}”</p>` : null}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">State</th>
              <th scope="col">Reason</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Auth</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (r) =>
                html`<tr>
                  <td><a href="/admin/inbound/${r.id}">${when(r.receivedAt)}</a></td>
                  <td>${badge(r.status)}</td>
                  <td>${r.reason}</td>
                  <td>${r.fromName ?? r.fromAddress}</td>
                  <td>
                    ${r.pairingNames && r.pairingId ? html`<a href="/admin/pairings/${r.pairingId}">${r.pairingNames}</a>` : r.recipient}
                  </td>
                  <td>${r.subject}</td>
                  <td>
                    ${r.auth ? `${r.auth.spf ?? '?'}/${r.auth.dkim ?? '?'}/${r.auth.dmarc ?? '?'}` : ''}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${rows.length === PAGE_SIZE ? more('/admin/inbound', status, rows[rows.length - 1].receivedAt, keep) : null}`,
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
        r.status !== 'received' && r.status !== 'accepted' && !r.duplicateOf
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

export function deliveriesPage(
  ctx: PageContext,
  rows: DeliveryRow[],
  counts: Record<string, number>,
  status?: string,
  pairingId?: string,
  q?: string,
): string {
  const keep = new URLSearchParams({
    ...(pairingId ? { pairing: pairingId } : {}),
    ...(q ? { q } : {}),
  }).toString();
  return page(
    ctx,
    'Outbound log',
    html`${tabs('/admin/deliveries', DELIVERY_STATES, counts, status, keep)}
      ${searchBox('/admin/deliveries', 'Outbound log', q, { status, pairing: pairingId })}
      ${q ? html`<p class="muted" role="status">Recipient, kind or template matching “${q}”</p>` : null}
      <p><a href="/admin/suppressions">Suppression list</a> (addresses we do not send to)</p>
      ${pairingId ? html`<p>Only pairing <a href="/admin/pairings/${pairingId}">${pairingId}</a></p>` : null}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Kind</th>
              <th scope="col">State</th>
              <th scope="col">Reason</th>
              <th scope="col">To</th>
              <th scope="col">Attempts</th>
              <th scope="col">Sent</th>
              <th scope="col">Template</th>
              <th scope="col"></th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (r) =>
                html`<tr>
                  <td>${when(r.createdAt)}</td>
                  <td>${r.kind}</td>
                  <td>${badge(r.status)}</td>
                  <td>${r.reason}</td>
                  <td>${r.toName ?? r.toAddress}</td>
                  <td>${r.attempts}</td>
                  <td>${when(r.sentAt)}</td>
                  <td>${r.templateName}</td>
                  <td>
                    ${
                      r.status === 'failed'
                        ? html`<form class="inline" method="post" action="/admin/deliveries/${r.id}/retry">
                            ${csrfField(ctx)}<button type="submit">Retry</button>
                          </form>`
                        : null
                    }
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${rows.length === PAGE_SIZE ? more('/admin/deliveries', status, rows[rows.length - 1].createdAt, keep) : null}`,
  );
}
