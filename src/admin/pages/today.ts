import { html, type SafeHtml } from '../html/html';
import type { DashboardView } from '../services/dashboard.service';

/**
 * What needs doing today, first on the dashboard: each line a count and the place to act on it,
 * the attention queue first. Only what needs a person; an empty list says so.
 */
export function todayList(v: DashboardView): SafeHtml {
  const queued = [...v.health.values()].reduce((n, h) => n + h.queued, 0);
  const held = v.inbound.held ?? 0;
  const failed = v.deliveries.failed ?? 0;
  const items = [
    queued ? html`<li><a href="/admin/attention">${queued} item(s) in the work queue</a></li>` : null,
    held ? html`<li><a href="/admin/inbound?status=held">${held} message(s) held for review</a></li>` : null,
    failed
      ? html`<li><a href="/admin/deliveries?status=failed">${failed} delivery(ies) failed in 30 days</a></li>`
      : null,
  ].filter((x) => x !== null);
  return html`<section aria-labelledby="today">
    <h2 id="today">Today</h2>
    ${
      items.length
        ? html`<ul class="today">
            ${items}
          </ul>`
        : html`<p class="ok">Nothing needs doing today: the work queue is empty and nothing is held.</p>`
    }
  </section>`;
}
