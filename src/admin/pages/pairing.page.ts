import { html } from '../html/html';
import { ago, duration, when } from '../html/format';
import { badge, csrfField, page, type PageContext } from '../html/layout';
import { optedOut } from '../html/opt-out';
import type { PollTally } from '../../prompts/pairing-prompts.repository';
import {
  dataTable,
  tableBase,
  tableState,
  tableView,
  type Column,
  type TableState,
} from '../html/data-table';
import type { ThreadRow, ViewRow } from '../repositories/pairing-detail.repository';
import type { PairingTables, PairingView, UpcomingSend } from '../services/pairing-admin.service';
import { historyList, historyRequest, pauseForm } from './work-queue';

// Ending goes through the close form below (a confirmation, the kind emails, "never again"), and
// pausing through its own form (a confirmation, the members told): neither is one click.
const ACTIONS = { active: [], paused: ['resume'], ended: [] } as const;

/** What members asked with #rematch: the reasons are for staff only, never relayed. */
function rematchList(v: PairingView) {
  if (v.rematches.length === 0) return null;
  return html`<h2>Rematch requests</h2>
    <div class="card rematches">
      ${v.rematches.map(
        (r) =>
          html`<p>
            <strong>${r.name}</strong> asked for a rematch
            ${ago(r.createdAt)}${r.resolvedAt ? html` <span class="muted">(handled)</span>` : null}:
            <q>${r.reason || '(no reason given)'}</q>
          </p>`,
      )}
      <p class="muted">Only staff see these reasons; the partner was not sent the email.</p>
    </div>`;
}

/** End (with confirmation) and invite to continue; an ended pair shows how it ended. */
function closingForms(ctx: PageContext, v: PairingView) {
  const p = v.pairing;
  if (p.status === 'ended')
    return html`<div class="card">
      Ended ${when(p.endedAt)}${p.endReason ? html` (${p.endReason})` : null}.
    </div>`;
  const names = v.members.map((m) => m.name).join(' and ');
  return html`<h2>End or continue</h2>
    <div class="grid">
      <form class="card close-pairing" method="post" action="/admin/pairings/${p.id}/close">
        ${csrfField(ctx)}
        <p>Both members get a kind email saying the pair has closed; its address stops passing mail on.</p>
        <label
          ><input type="checkbox" name="rematch" value="yes" /> They will be rematched (the email says staff
          will be in touch)</label
        ><br />
        <label
          ><input type="checkbox" name="neverAgain" value="yes" checked /> Never pair these two again</label
        ><br />
        <label>Note for staff <input type="text" name="note" maxlength="500" /></label><br />
        <label
          ><input type="checkbox" name="confirm" value="yes" required /> Yes, end the pairing of
          ${names}</label
        ><br />
        <button type="submit">End pairing</button>
      </form>
      <form class="card continue-pairing" method="post" action="/admin/pairings/${p.id}/continue">
        ${csrfField(ctx)}
        <p>
          Planned end: ${v.endsOn ?? html`<span class="muted">none</span>`}.
          ${v.continuation ? html`Invited to continue until ${v.continuation.endsOn}: ${v.continuation.answered.length} of ${v.members.length} said yes.` : null}
        </p>
        <label>Continue until <input type="date" name="endsOn" required /></label>
        <button type="submit" class="secondary">Invite to continue</button>
      </form>
    </div>`;
}

type Query = Record<string, unknown>;

/** A pairing's schedule: a row per member and stream, so a handful, sorted and searched in memory. */
const UPCOMING_COLUMNS: Column<UpcomingSend>[] = [
  {
    key: 'member',
    label: 'Member',
    cell: (u) => html`${u.name} <span class="muted">(${u.role})</span>`,
    sortBy: (u) => u.name,
    search: (u) => u.name,
  },
  { key: 'stream', label: 'Stream', cell: (u) => u.stream, sortBy: (u) => u.stream, search: (u) => u.stream },
  {
    key: 'next',
    label: 'Next send',
    cell: (u) => (u.nextRunAt ? when(u.nextRunAt) : html`<span class="muted">nothing more due</span>`),
    sortBy: (u) => u.nextRunAt,
  },
  {
    key: 'what',
    label: 'What',
    cell: (u) =>
      u.stream === 'digest'
        ? 'weekly digest'
        : u.nextRunAt
          ? html`week ${u.week}, item ${u.item + 1}${u.title ? html`: ${u.title}` : null}`
          : '—',
    search: (u) => u.title,
  },
];

/** Threads and staff reads grow with the pairing's life: sorted and paged in SQL (THREAD_SORTS, READ_SORTS). */
const THREAD_COLUMNS: Column<ThreadRow>[] = [
  {
    key: 'subject',
    label: 'Subject',
    cell: (t) => html`<a href="/admin/threads/${t.id}">${t.subject || '(no subject)'}</a>`,
    sortable: true,
  },
  { key: 'messages', label: 'Messages', cell: (t) => t.messages, sortable: true },
  { key: 'last', label: 'Last message', cell: (t) => when(t.lastMessageAt), sortable: true },
];

const READ_COLUMNS: Column<ViewRow>[] = [
  { key: 'staff', label: 'Staff member', cell: (x) => x.staffEmail, sortable: true },
  {
    key: 'thread',
    label: 'Thread',
    cell: (x) => html`<a href="/admin/threads/${x.threadId}">${x.subject}</a>`,
    sortable: true,
  },
  { key: 'when', label: 'When', cell: (x) => when(x.viewedAt), sortable: true },
];

/** What the query string asks of the tables read in SQL, before they are read. */
export function pairingRequests(query: Query): Record<keyof PairingTables, TableState> {
  return {
    threads: tableState(query, THREAD_COLUMNS, 'threads-'),
    history: historyRequest(query),
    views: tableState(query, READ_COLUMNS, 'read-'),
  };
}

/** Staff see each vote with its comment: what the poll email promises only they see. */
function pollResults(polls: PollTally[]) {
  return html`<div class="grid">
    ${polls.map((p) => {
      const total = p.votes.reduce((a, b) => a + b, 0);
      return html`<div class="card">
        <strong>${p.title}</strong> <span class="muted">${total} vote(s)</span>
        <ul>
          ${p.options.map((o, i) => html`<li>${o}: ${p.votes[i]}</li>`)}
        </ul>
        ${p.ballots.map(
          (b) =>
            html`<p class="ballot">
              <strong>${b.name}</strong>: ${p.options[b.optionIndex] ?? `option ${b.optionIndex + 1}`}
              <span class="muted">(${when(b.votedAt)})</span>
              ${b.comment ? html`<br /><q>${b.comment}</q>` : null}
            </p>`,
        )}
      </div>`;
    })}
  </div>`;
}

export function pairingPage(ctx: PageContext, v: PairingView, query: Query = {}): string {
  const p = v.pairing;
  const path = `/admin/pairings/${p.id}`;
  const asked = pairingRequests(query);
  const upcoming = tableState(query, UPCOMING_COLUMNS, 'upcoming-');
  const title = v.members.map((m) => m.name).join(' & ');
  return page(
    ctx,
    title,
    html`<div class="card">
        Programme <a href="/admin/programmes/${v.programme.id}">${v.programme.name}</a> · relay address
        <code>${p.relayAddress}</code> · ${badge(p.status)} since ${when(p.createdAt)}
        ${ACTIONS[p.status].map(
          (a) =>
            html` <form class="inline" method="post" action="/admin/pairings/${p.id}/${a}">
              ${csrfField(ctx)}
              <button type="submit" class="secondary">${a[0].toUpperCase() + a.slice(1)}</button>
            </form>`,
        )}
        ${
          v.waitingMail > 0
            ? html`<p class="muted">
                ${v.waitingMail} message(s) from members wait: relayed on resume, answered with the ended
                notice on end.
              </p>`
            : ''
        }
      </div>
      ${
        p.status === 'active'
          ? pauseForm(ctx, p.id, v.members.map((m) => m.name).join(' and '), `/admin/pairings/${p.id}`)
          : null
      }
      ${rematchList(v)} ${closingForms(ctx, v)} ${historyList(v.history, path, query)}
      <h2>Members</h2>
      <div class="grid">
        ${v.sides.map(
          (s) =>
            html`<div class="card">
              <strong>${s.name}</strong> (${s.role})<br /><span class="muted">${s.email}</span><br />
              Last message: ${ago(s.lastMessageAt)} · ${s.messages} message(s)<br />
              Median reply time: ${duration(s.medianReplySeconds)}<br />
              Prompts answered: ${s.promptsAnswered} of ${s.promptsSent}<br />
              ${s.owesReply ? html`<strong>Owes a reply</strong> (waiting since ${ago(v.waitingSince)})` : html`<span class="muted">No reply owed</span>`}
              ${
                s.optedOut
                  ? html`<br />${optedOut(s.optedOut)}`
                  : s.pausedUntil
                    ? html`<br />${badge('paused')} prompts until ${when(s.pausedUntil)}`
                    : null
              }
            </div>`,
        )}
      </div>
      <h2>Upcoming prompts</h2>
      ${dataTable({
        base: tableBase(path, query, 'upcoming-'),
        label: 'Upcoming prompts',
        columns: UPCOMING_COLUMNS,
        state: upcoming,
        view: tableView(v.upcoming, UPCOMING_COLUMNS, upcoming),
        empty: 'Not scheduled yet (the next schedule tick adds active pairings).',
        tableClass: 'upcoming',
      })}
      ${
        v.polls.length
          ? html`<h2>Poll results</h2>
              ${pollResults(v.polls)}`
          : null
      }
      <h2>Threads</h2>
      ${dataTable({
        base: tableBase(path, query, 'threads-'),
        label: 'Threads',
        columns: THREAD_COLUMNS,
        state: asked.threads,
        view: v.threads,
        searchable: true,
        empty: 'No conversation yet.',
        tableClass: 'threads',
      })}
      <p><a href="/admin/deliveries?pairing=${p.id}">Deliveries of this pairing</a></p>
      <h2>Read by staff</h2>
      ${dataTable({
        base: tableBase(path, query, 'read-'),
        label: 'Read by staff',
        columns: READ_COLUMNS,
        state: asked.views,
        view: v.views,
        searchable: true,
        empty: 'Nobody has read these threads here yet.',
        tableClass: 'staff-reads',
      })}`,
  );
}
