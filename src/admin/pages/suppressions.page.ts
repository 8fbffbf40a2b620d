import { html } from '../html/html';
import { when } from '../html/format';
import { badge, csrfField, page, type PageContext } from '../html/layout';
import type { SuppressionsView } from '../services/suppressions-admin.service';

/** Part of the outbound log: addresses we no longer send to, and the way back for each. */
export function suppressionsPage(
  ctx: PageContext,
  v: SuppressionsView,
  active?: boolean,
  notice?: string,
): string {
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
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Participant</th>
              <th scope="col">Reason</th>
              <th scope="col">Source</th>
              <th scope="col">Since</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            ${v.rows.map(
              (r) =>
                html`<tr>
                  <td>${r.address}</td>
                  <td>${r.owners ?? html`<span class="muted">not a participant</span>`}</td>
                  <td>${r.reason}</td>
                  <td>${r.source}</td>
                  <td>${when(r.createdAt)}</td>
                  <td>
                    ${
                      r.liftedAt
                        ? html`${badge('lifted')} ${when(r.liftedAt)}`
                        : html`<form class="inline" method="post" action="/admin/suppressions/lift">
                            ${csrfField(ctx)}<input type="hidden" name="address" value="${r.address}" />
                            <button type="submit" class="secondary">Lift</button>
                          </form>`
                    }
                  </td>
                </tr>`,
            )}
            ${
              v.rows.length
                ? null
                : html`<tr>
                    <td colspan="6" class="muted">No address is suppressed.</td>
                  </tr>`
            }
          </tbody>
        </table>
      </div>`,
  );
}
