import type { ChoiceAttentionReason, ChoiceAttentionRow } from '../../choice/choice-attention';
import type { RematchRow } from '../../closing/closing.repository';
import { html } from '../html/html';
import { dataTable, listTable, tableBase, tableState, tableView, type Column } from '../html/data-table';
import { ago, when } from '../html/format';
import { badge, page, type PageContext } from '../html/layout';
import { circleAttentionSection, type CircleAttention } from './circle-attention.section';
import type { QueueItem } from '../../attention/attention.service';
import { queueList } from './work-queue';
import {
  HEALTH_ORDER,
  type AttentionReason,
  type PairingHealth,
  type PairingHealthRow,
} from '../repositories/pairing-health.repository';

export const REASON_TEXT: Record<AttentionReason, string> = {
  no_two_way_exchange: 'no two-way exchange after 5 days',
  one_sided: 'one-sided for 2 weeks',
  prompts_unanswered: 'two prompts in a row unanswered',
  quiet_21_days: 'quiet for 21 days',
  delivery_failed: 'a delivery failed or was suppressed (30 days)',
  bounce_or_complaint: 'a bounce or complaint (address suppressed, or feedback in 30 days)',
  held_mail: 'mail held for review',
  mail_loop: 'a mail loop: two addresses answering each other too fast (held)',
};

type Query = Record<string, unknown>;

/**
 * The pairings-by-health columns, shared with the programme's pairings tab; `middle` goes after the
 * pairing (there, its score; here, its programme). In memory: the health query reads every pair at once.
 */
export function healthColumns(middle: Column<PairingHealthRow>[]): Column<PairingHealthRow>[] {
  return [
    {
      key: 'pairing',
      label: 'Pairing',
      cell: (r) => html`<a href="/admin/pairings/${r.id}">${r.members || r.relayAddress}</a>`,
      sortBy: (r) => r.members || r.relayAddress,
      search: (r) => `${r.members} ${r.relayAddress}`,
    },
    ...middle,
    {
      key: 'health',
      label: 'Health',
      cell: (r) => badge(r.health),
      sortBy: (r) => HEALTH_ORDER.indexOf(r.health),
      search: (r) => r.health,
    },
    { key: 'mentor', label: 'Mentor wrote', cell: (r) => ago(r.mentorLast), sortBy: (r) => r.mentorLast },
    { key: 'mentee', label: 'Mentee wrote', cell: (r) => ago(r.menteeLast), sortBy: (r) => r.menteeLast },
    { key: 'messages', label: 'Messages', cell: (r) => r.messages, sortBy: (r) => r.messages },
    {
      key: 'why',
      label: 'Why',
      cell: (r) => r.reasons.map((x) => REASON_TEXT[x]).join('; '),
      search: (r) => r.reasons.map((x) => REASON_TEXT[x]).join('; '),
    },
  ];
}

const PROGRAMME_HEALTH_COLUMNS = healthColumns([
  {
    key: 'programme',
    label: 'Programme',
    cell: (r) => html`<a href="/admin/programmes/${r.programmeId}">${r.programmeName}</a>`,
    sortBy: (r) => r.programmeName,
    search: (r) => r.programmeName,
  },
]);

/** Open #rematch requests: a handful at a time, in memory. */
const REMATCH_COLUMNS: Column<RematchRow>[] = [
  {
    key: 'name',
    label: 'Asked by',
    cell: (r) => html`<a href="/admin/pairings/${r.pairingId}">${r.name}</a>`,
    sortBy: (r) => r.name,
    search: (r) => r.name,
  },
  { key: 'when', label: 'When', cell: (r) => ago(r.createdAt), sortBy: (r) => r.createdAt },
  {
    key: 'reason',
    label: 'Reason (staff only)',
    cell: (r) => r.reason || html`<span class="muted">(no reason given)</span>`,
    search: (r) => r.reason,
  },
];

export const CHOICE_REASON_TEXT: Record<ChoiceAttentionReason, string> = {
  'no-mentor-left': 'waiting for a mentor: no mentor with a free place is left to suggest',
  'mentee-requests-lapsed': 'their last two requests lapsed: neither mentor answered in time',
  'mentor-let-lapse': 'let the last two requests from mentees lapse without answering',
};

/** People of choosing programmes stuck without a mentor, or mentors not answering: staff can help. */
const CHOICE_COLUMNS: Column<ChoiceAttentionRow>[] = [
  { key: 'person', label: 'Person', cell: (r) => r.name, sortBy: (r) => r.name, search: (r) => r.name },
  {
    key: 'programme',
    label: 'Programme',
    cell: (r) => html`<a href="/admin/programmes/${r.programmeId}">${r.programmeName}</a>`,
    sortBy: (r) => r.programmeName,
    search: (r) => r.programmeName,
  },
  {
    key: 'why',
    label: 'Why',
    cell: (r) => CHOICE_REASON_TEXT[r.reason],
    sortBy: (r) => CHOICE_REASON_TEXT[r.reason],
    search: (r) => CHOICE_REASON_TEXT[r.reason],
  },
  {
    key: 'since',
    label: 'Since',
    cell: (r) => html`${when(r.since)} (${ago(r.since)})`,
    sortBy: (r) => r.since,
  },
];

/** Pairings of one health; the health filter (and a programme's) stays in every sort, search and page link. */
function healthTable(rows: PairingHealthRow[], query: Query) {
  const state = tableState(query, PROGRAMME_HEALTH_COLUMNS);
  return dataTable({
    base: tableBase('/admin/attention', query),
    label: 'Pairings',
    columns: PROGRAMME_HEALTH_COLUMNS,
    state,
    view: tableView(rows, PROGRAMME_HEALTH_COLUMNS, state),
    tableClass: 'pairings',
  });
}

const DONE_TEXT: Record<string, string> = {
  resolved: "Resolved, and noted in the pairing's history.",
  snoozed: 'Snoozed: it comes back when the snooze ends, if it still holds.',
  sent: "Email queued, and noted in the pairing's history.",
  paused: 'Paused; both members are being told by email.',
  ended: 'Ended; both members are being told by email.',
};

export function attentionPage(
  ctx: PageContext,
  health: PairingHealth,
  rows: PairingHealthRow[],
  rematches: RematchRow[] = [],
  choosing: ChoiceAttentionRow[] = [],
  circles: CircleAttention = { silent: [], neverWrote: [], mutedByLead: [] },
  queue: QueueItem[] = [],
  done?: string,
  query: Query = {},
): string {
  const path = '/admin/attention';
  const title = health === 'attention' ? 'Needs attention' : `Pairings: ${health}`;
  const notice = done && DONE_TEXT[done] ? html`<p class="ok" role="status">${DONE_TEXT[done]}</p>` : null;
  if (health === 'attention') {
    return page(
      ctx,
      title,
      html`${notice}
        <p class="muted">
          Oldest first. Each programme sets its own thresholds: no first exchange some days after the first
          email went out; a reply owed too long; several messages in a row unanswered; a low pulse or survey
          score; a member's email bouncing or blocked; a held message; a long silence; reminders unanswered.
        </p>
        ${listTable(rematches, {
          title: 'Rematch requests',
          label: 'Rematch requests',
          prefix: 'rematch-',
          tableClass: 'rematch-requests',
          columns: REMATCH_COLUMNS,
          query,
          path,
        })}
        ${listTable(choosing, {
          title: 'Mentees choosing a mentor',
          label: 'Mentees choosing',
          prefix: 'choosing-',
          tableClass: 'choice-attention',
          columns: CHOICE_COLUMNS,
          query,
          path,
        })}
        ${queueList(ctx, queue, query)} ${circleAttentionSection(ctx, circles, query)}`,
    );
  }
  return page(
    ctx,
    title,
    html`<p class="muted">${rows.length} pairing(s).</p>
      ${healthTable(rows, query)}`,
  );
}
