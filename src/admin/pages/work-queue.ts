import type { QueueItem } from '../../attention/attention.service';
import type { HistoryRow } from '../../attention/pairing-actions.repository';
import { SIGNAL_TEXT } from '../../attention/signals';
import { html } from '../html/html';
import { ago, when } from '../html/format';
import { csrfField, type PageContext } from '../html/layout';
import {
  dataCards,
  dataTable,
  tableBase,
  tableState,
  tableView,
  type Column,
  type TableState,
  type TableView,
} from '../html/data-table';

export { SIGNAL_TEXT };

const ACTION_TEXT: Record<HistoryRow['action'], string> = {
  resolve: 'Resolved',
  snooze: 'Snoozed',
  write: 'Emailed',
  pause: 'Paused',
  resume: 'Resumed',
  end: 'Ended',
  nudge: 'Reminder sent',
  nudges_unanswered: 'Reminders unanswered: staff alerted',
  continue: 'Invited to continue',
};

function whoText(item: QueueItem): string | null {
  if (!item.personName) return null;
  switch (item.signal) {
    case 'reply_owed':
    case 'one_sided':
    case 'nudges_unanswered':
      return `${item.personName} owes the reply`;
    case 'low_score':
      return `scored by ${item.personName}`;
    case 'delivery_problem':
      return `to ${item.personName}`;
    default:
      return item.personName;
  }
}

/** Pause behind a required tick box: nothing happens on one click, and the members are told. */
export function pauseForm(ctx: PageContext, pairingId: string, names: string, back: string) {
  return html`<form class="card pause-pairing" method="post" action="/admin/queue/${pairingId}/pause">
    ${csrfField(ctx)}<input type="hidden" name="back" value="${back}" />
    <p>
      Pausing stops prompts and reminders; members' mail is kept until you resume. Each gets an email saying
      so.
    </p>
    <label>Note for the history <input type="text" name="note" maxlength="500" /></label><br />
    <label
      ><input type="checkbox" name="confirm" value="yes" required /> Yes, pause ${names} and email them</label
    ><br />
    <button type="submit" class="secondary">Pause pairing</button>
  </form>`;
}

/** Pause or end, each behind a required tick box. */
export function pauseEndForms(ctx: PageContext, pairingId: string, names: string, back: string) {
  return html`<div class="grid queue-confirm">
    ${pauseForm(ctx, pairingId, names, back)}
    <form class="card end-pairing" method="post" action="/admin/queue/${pairingId}/end">
      ${csrfField(ctx)}<input type="hidden" name="back" value="${back}" />
      <p>Ending closes the pair's address; both members get a kind email saying it has closed.</p>
      <label>Note for the history <input type="text" name="note" maxlength="500" /></label><br />
      <label
        ><input type="checkbox" name="confirm" value="yes" required /> Yes, end ${names} and email them</label
      ><br />
      <button type="submit" class="secondary">End pairing</button>
    </form>
  </div>`;
}

function queueItem(ctx: PageContext, item: QueueItem) {
  const p = item.pairing;
  const who = whoText(item);
  const names = p.members.map((m) => m.name).join(' and ');
  return html`<article class="card queue-item" data-pairing="${p.pairingId}" data-signal="${item.signal}">
    <h3>${SIGNAL_TEXT[item.signal]}${who ? html`: ${who}` : null}</h3>
    <p>
      <a href="/admin/pairings/${p.pairingId}">${p.label}</a>${p.kind === 'circle' ? ' (circle)' : null} ·
      <a href="/admin/programmes/${p.programmeId}">${p.programmeName}</a> · since ${when(item.since)}
      (${ago(item.since)})
    </p>
    ${item.detail ? html`<p class="muted">${item.detail} <em>(staff only)</em></p>` : null}
    ${item.signal === 'screening_missing' && item.participantId
      ? html`<p>
          <a href="/admin/participants/${item.participantId}" data-screening-link
            >Record ${item.personName ?? 'the mentor'}'s background check and training</a
          >
        </p>`
      : null}
    <div class="grid">
      <form class="resolve" method="post" action="/admin/queue/${p.pairingId}/resolve">
        ${csrfField(ctx)}<input type="hidden" name="signal" value="${item.signal}" />
        <label>What was done <input type="text" name="note" required maxlength="2000" /></label>
        <button type="submit">Resolve</button>
      </form>
      <form class="snooze" method="post" action="/admin/queue/${p.pairingId}/snooze">
        ${csrfField(ctx)}<input type="hidden" name="signal" value="${item.signal}" />
        <label>Snooze for <input type="number" name="days" min="1" max="90" value="7" required /> days</label>
        <button type="submit" class="secondary">Snooze</button>
      </form>
    </div>
    <details class="write">
      <summary>Write to a participant</summary>
      <form method="post" action="/admin/queue/${p.pairingId}/write">
        ${csrfField(ctx)}<input type="hidden" name="back" value="/admin/attention" />
        <label
          >To
          <select name="participantId" required>
            ${p.members.map((m) => html`<option value="${m.id}" ${m.id === item.participantId ? 'selected' : ''}>${m.name} (${m.role})</option>`)}
          </select></label
        ><br />
        <label
          >Subject
          <input
            type="text"
            name="subject"
            required
            maxlength="200"
            value="A note from ${p.programmeName}" /></label
        ><br />
        <label>Message <textarea name="body" required maxlength="5000" rows="5"></textarea></label><br />
        <p class="muted">
          Sent from ${p.programmeName}; a reply comes to you, not to the partner. Kept in the pairing's
          history.
        </p>
        <button type="submit">Send email</button>
      </form>
    </details>
    <details class="pause-end">
      <summary>Pause or end</summary>
      ${pauseEndForms(ctx, p.pairingId, names, '/admin/attention')}
    </details>
  </article>`;
}

/** The queue's order and search: oldest first unless staff sort by something else. */
const QUEUE_COLUMNS: Column<QueueItem>[] = [
  { key: 'since', label: 'Since', cell: (i) => when(i.since), sortBy: (i) => i.since },
  {
    key: 'reason',
    label: 'Reason',
    cell: (i) => SIGNAL_TEXT[i.signal],
    sortBy: (i) => SIGNAL_TEXT[i.signal],
  },
  {
    key: 'pairing',
    label: 'Pairing',
    cell: (i) => i.pairing.label,
    sortBy: (i) => i.pairing.label,
    search: (i) => `${SIGNAL_TEXT[i.signal]} ${i.pairing.label} ${i.personName ?? ''} ${i.detail ?? ''}`,
  },
  {
    key: 'programme',
    label: 'Programme',
    cell: (i) => i.pairing.programmeName,
    sortBy: (i) => i.pairing.programmeName,
    search: (i) => i.pairing.programmeName,
  },
];

/** Cards with forms are tall: a page of 25 is what a coordinator works through at a sitting. */
const QUEUE_PAGE = 25;

/**
 * The work queue: the reason first, then the pairing and since when, with what staff can do.
 * Searched, sorted and paged in memory (prefix `queue-`): the signals are computed whole anyway.
 */
export function queueList(ctx: PageContext, items: QueueItem[], query: Record<string, unknown> = {}) {
  const path = '/admin/attention';
  const state = tableState(query, QUEUE_COLUMNS, 'queue-');
  return html`<h2 id="work-queue">Work queue (${items.length})</h2>
    <div class="queue">
      ${
        items.length
          ? dataCards({
              base: tableBase(path, query, 'queue-'),
              label: 'Work queue',
              columns: QUEUE_COLUMNS,
              state,
              view: tableView(items, QUEUE_COLUMNS, state, QUEUE_PAGE),
              searchable: true,
              empty: 'Nothing in the queue matches.',
              item: (i) => queueItem(ctx, i),
            })
          : html`<p class="card muted">Nothing needs you right now.</p>`
      }
    </div>`;
}

const HISTORY_COLUMNS: Column<HistoryRow>[] = [
  { key: 'when', label: 'When', cell: (r) => when(r.createdAt), sortable: true },
  {
    key: 'what',
    label: 'What',
    sortable: true,
    cell: (r) =>
      html`${ACTION_TEXT[r.action]}${r.signal ? html`: ${SIGNAL_TEXT[r.signal]}` : null}${
        r.participantName ? html` (${r.participantName})` : null
      }${r.snoozedUntil ? html`, until ${when(r.snoozedUntil)}` : null}`,
  },
  { key: 'by', label: 'By', cell: (r) => r.staffEmail ?? 'MentorMail', sortable: true },
  { key: 'note', label: 'Note', cell: (r) => html`<span class="msg">${r.note ?? ''}</span>` },
];

/** The history table's state, read before the query: it is searched, sorted and paged in SQL (HISTORY_SORTS). */
export function historyRequest(query: Record<string, unknown>): TableState {
  return tableState(query, HISTORY_COLUMNS, 'history-');
}

/** The pairing's history of staff actions, nudges and notes, newest first. */
export function historyList(view: TableView<HistoryRow>, path: string, query: Record<string, unknown>) {
  return html`<h2>History</h2>
    ${dataTable({
      base: tableBase(path, query, 'history-'),
      label: 'History',
      columns: HISTORY_COLUMNS,
      state: historyRequest(query),
      view,
      searchable: true,
      tableClass: 'pairing-history',
      empty: 'Nothing yet.',
    })}`;
}
