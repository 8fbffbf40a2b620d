import { funnelRows, type ProgrammeFunnel } from '../repositories/funnel.repository';
import { html, trusted, type SafeHtml } from '../html/html';
import { badge, page, type PageContext } from '../html/layout';
import { dataTable, tableBase, tableState, tableView, type Column } from '../html/data-table';
import type { WeekCount } from '../repositories/dashboard.repository';
import { HEALTH_ORDER } from '../repositories/pairing-health.repository';
import type { ProgrammeRates } from '../../outbound/feedback/feedback.repository';
import type { DashboardView } from '../services/dashboard.service';
import { deliverabilityCard } from './deliverability-card';
import { todayList } from './today';

/** Bars of messages per week; numbers and dates only, so the markup is built directly. */
export function weeklyChart(weeks: WeekCount[]): SafeHtml {
  const width = 600;
  const height = 140;
  const max = Math.max(1, ...weeks.map((w) => w.n));
  const barWidth = width / Math.max(1, weeks.length);
  const bars = weeks
    .map((w, i) => {
      const h = Math.round((w.n / max) * (height - 30));
      const x = Math.round(i * barWidth + 4);
      const label = new Date(w.week).toISOString().slice(5, 10);
      return (
        `<rect x="${x}" y="${height - 18 - h}" width="${Math.round(barWidth - 8)}" height="${h}" fill="#457b9d"><title>${label}: ${w.n}</title></rect>` +
        `<text x="${x + barWidth / 2 - 4}" y="${height - 22 - h}" font-size="10" text-anchor="middle">${w.n}</text>` +
        `<text x="${x + barWidth / 2 - 4}" y="${height - 4}" font-size="10" text-anchor="middle" fill="#667085">${label}</text>`
      );
    })
    .join('');
  return trusted(
    `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="Messages per week">${bars}</svg>`,
  );
}

function rate(part: number, whole: number): string {
  return whole ? `${((part / whole) * 100).toFixed(1)} %` : '—';
}

/**
 * SES reviews an account at a 5 % bounce or 0.1 % complaint rate and may pause it at 10 % and
 * 0.5 %; the warning marks a programme well before the review level.
 */
const WARN = { bounce: 0.02, complaint: 0.0005 };

function rateCell(n: number, r: number, sent: number, warn: number) {
  return html`${n} · ${sent ? (r >= warn ? html`<strong class="error">${pct(r)}</strong>` : pct(r)) : '—'}`;
}

const RATE_COLUMNS: Column<ProgrammeRates>[] = [
  {
    key: 'programme',
    label: 'Programme',
    cell: (r) => html`<a href="/admin/programmes/${r.programmeId}">${r.programmeName}</a>`,
    sortBy: (r) => r.programmeName,
    search: (r) => r.programmeName,
  },
  { key: 'sent', label: 'Sent', cell: (r) => r.sent, sortBy: (r) => r.sent },
  {
    key: 'bounces',
    label: 'Bounces · rate',
    cell: (r) => rateCell(r.bounces, r.bounceRate, r.sent, WARN.bounce),
    sortBy: (r) => r.bounceRate,
  },
  {
    key: 'complaints',
    label: 'Complaints · rate',
    cell: (r) => rateCell(r.complaints, r.complaintRate, r.sent, WARN.complaint),
    sortBy: (r) => r.complaintRate,
  },
];

/** Beside the programmes table on the dashboard, so its query keys carry a prefix (?rates-sort=). */
function ratesTable(rates: ProgrammeRates[], query: Record<string, unknown>): SafeHtml {
  const state = tableState(query, RATE_COLUMNS, 'rates-');
  return dataTable({
    base: tableBase('/admin', query, 'rates-'),
    label: 'Bounces and complaints',
    columns: RATE_COLUMNS,
    state,
    view: tableView(rates, RATE_COLUMNS, state),
    empty: 'Nothing sent in 30 days.',
  });
}

function pct(r: number): string {
  return `${(r * 100).toFixed(2)} %`;
}

/** One programme's funnel: how many reached each stage, and how many were lost at it. */
function funnelTable(name: string, id: string, f: ProgrammeFunnel | undefined) {
  if (!f || f.counts.invited === 0) return null;
  return html`<div class="card">
    <strong>${name}</strong>
    <table class="funnel" data-programme="${id}">
      <thead>
        <tr>
          <th scope="col">Stage</th>
          <th scope="col">People</th>
          <th scope="col">% of invited</th>
          <th scope="col">Drop from the stage before</th>
        </tr>
      </thead>
      <tbody>
        ${funnelRows(f.counts).map(
          (r) =>
            html`<tr>
              <td>${r.stage}</td>
              <td>${r.n}</td>
              <td>${r.pct}%</td>
              <td>
                ${r.drop === null ? '—' : r.drop < 0 ? html`<span class="muted">+${-r.drop}</span>` : html`${r.drop} (${r.dropPct}%)`}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** Each programme's average health score (100: no signal), pairings at risk and open queue items. */
function healthCards(v: DashboardView) {
  const cards = v.programmes.flatMap((p) => {
    const h = v.health.get(p.id);
    if (!h || h.average === null) return [];
    return [
      html`<div class="card health-summary" data-programme="${p.id}">
        <strong>${p.name}</strong><br />
        Health score <strong>${h.average}</strong> of 100 (average of its active pairings) · ${h.atRisk} at
        risk · <a href="/admin/attention?programme=${p.id}">${h.queued} in the work queue</a>
      </div>`,
    ];
  });
  return cards.length
    ? html`<h2>Health</h2>
        <div class="grid">${cards}</div>`
    : null;
}

type ProgrammeRow = DashboardView['programmes'][number];

/** Every programme with its pairings by health: searched by name, sorted by any count. */
const PROGRAMME_COLUMNS: Column<ProgrammeRow>[] = [
  {
    key: 'programme',
    label: 'Programme',
    cell: (p) => html`<a href="/admin/programmes/${p.id}">${p.name}</a>`,
    sortBy: (p) => p.name,
    search: (p) => p.name,
  },
  ...HEALTH_ORDER.map((h): Column<ProgrammeRow> => ({
    key: h,
    label: h.replace(/_/g, ' '),
    cell: (p) =>
      p.counts[h] ? html`<a href="/admin/attention?health=${h}&programme=${p.id}">${p.counts[h]}</a>` : '0',
    sortBy: (p) => p.counts[h],
  })),
  { key: 'pairings', label: 'Pairings', cell: (p) => p.total, sortBy: (p) => p.total },
];

export function dashboardPage(
  ctx: PageContext,
  v: DashboardView,
  query: Record<string, unknown> = {},
): string {
  const sent = Object.values(v.deliveries).reduce((a, b) => a + b, 0);
  const state = tableState(query, PROGRAMME_COLUMNS);
  return page(
    ctx,
    'Dashboard',
    html`${todayList(v)}
      <h2>Programmes</h2>
      ${dataTable({
        base: tableBase('/admin', query),
        label: 'Programmes',
        columns: PROGRAMME_COLUMNS,
        state,
        view: tableView(v.programmes, PROGRAMME_COLUMNS, state),
        empty: 'No programme yet.',
      })}
      ${healthCards(v)}
      <h2>Funnel</h2>
      <p class="muted">
        Per person. Active at week N: wrote in their pair in week N or later. Closed well: answered the close
        survey, or their pair ended at its planned end date (counted after a first exchange).
      </p>
      <div class="grid">${v.programmes.map((p) => funnelTable(p.name, p.id, v.funnels.get(p.id)))}</div>
      <h2>Deliverability</h2>
      ${deliverabilityCard(v.deliverability)}
      <h2>Bounces and complaints (30 days)</h2>
      ${ratesTable(v.rates, query)}
      <p><a href="/admin/suppressions?active=1">Suppression list</a></p>
      <h2>Messages per week</h2>
      <div class="card">${weeklyChart(v.weeks)}</div>
      <h2>Last 30 days</h2>
      <div class="grid">
        <div class="card">
          <strong>Deliveries</strong><br />${sent} total · failed ${v.deliveries.failed ?? 0}
          (${rate(v.deliveries.failed ?? 0, sent)}) · suppressed ${v.deliveries.suppressed ?? 0}
          (${rate(v.deliveries.suppressed ?? 0, sent)}) · uncertain ${v.deliveries.uncertain ?? 0}
        </div>
        <div class="card">
          <strong>Inbound</strong><br />${Object.entries(v.inbound).map(([s, n]) => html`${badge(s)} ${n} `)}
          ${v.inbound.held ? html`<br /><a href="/admin/inbound?status=held">${v.inbound.held} held for review</a>` : null}
        </div>
      </div>`,
  );
}
