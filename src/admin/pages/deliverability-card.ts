import type { DeliverabilityView, Rate } from '../../deliverability/deliverability.service';
import { html, type SafeHtml } from '../html/html';
import { badge } from '../html/layout';

const pct = (r: number) => `${(r * 100).toFixed(2)} %`;

function rateLine(label: string, r: Rate, sent: number): SafeHtml {
  const over = r.limits.filter((l) => l.over);
  return html`<li data-rate="${label}" class="${over.length ? 'over' : 'under'}">
    ${label}: ${r.count} of ${sent}
    ${sent ? (over.length ? html`<strong class="error">${pct(r.rate)}</strong>` : pct(r.rate)) : '—'}
    <span class="muted">(${r.limits.map((l) => `${l.name} ${pct(l.limit)}`).join(', ')})</span>
    ${over.length ? html`<strong class="error">over ${over.map((l) => l.name).join(' and ')}</strong>` : null}
  </li>`;
}

/**
 * Whether mail from RELAY_DOMAIN can reach inboxes: the DNS records as last checked (at boot and
 * daily), the last 30 days' bounce and complaint rates against the lines at which SES reviews an
 * account and Gmail starts filtering, and the suppression list's size.
 */
export function deliverabilityCard(v: DeliverabilityView): SafeHtml {
  const run = v.lastCheck;
  const records = run
    ? html`<table class="dns-records">
        <thead>
          <tr>
            <th>Record</th>
            <th>Name</th>
            <th>Status</th>
            <th>What to do</th>
          </tr>
        </thead>
        <tbody>
          ${run.records.map(
            (r) =>
              html`<tr data-record="${r.id}" data-status="${r.status}">
                <td>${r.type} ${r.id}</td>
                <td><code>${r.name}</code></td>
                <td>${badge(r.status)}${r.optional ? html` <span class="muted">optional</span>` : null}</td>
                <td>
                  ${
                    r.status === 'ok'
                      ? ''
                      : html`${r.detail}<br /><span class="muted">publish:</span> <code>${r.value}</code>`
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`
    : html`<p class="muted">
        ${v.checksEnabled ? 'Not checked yet: the first check runs at start-up.' : 'DNS checks are off (DNS_CHECK).'}
      </p>`;
  return html`<div class="card deliverability" data-dns="${run ? (run.ok ? 'ok' : 'failing') : 'unchecked'}">
    <strong>Deliverability of ${v.domain}</strong>
    ${
      run
        ? html`<p>
            DNS records checked ${run.checkedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC:
            ${run.ok ? badge('ok') : html`<strong class="error">some required records are missing or wrong</strong>`}
            (<code>npm run cli -- dns:records</code> prints them all)
          </p>`
        : null
    }
    ${records}
    <p>Last 30 days</p>
    <ul>
      ${rateLine('Bounces', v.bounces, v.sent)} ${rateLine('Complaints', v.complaints, v.sent)}
      <li data-rate="Suppressed">
        <a href="/admin/suppressions?active=1"
          >${v.suppressed} address${v.suppressed === 1 ? '' : 'es'} suppressed</a
        >
      </li>
    </ul>
  </div>`;
}
