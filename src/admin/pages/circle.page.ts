import { html } from '../html/html';
import { ago } from '../html/format';
import { badge, csrfField, page, type PageContext } from '../html/layout';
import { dataTable, tableBase, tableState, tableView, type Column } from '../html/data-table';
import type { CircleSummary } from '../repositories/circle-read.repository';
import type { ParticipantRow } from '../repositories/programme-read.repository';
import type { CircleView } from '../services/circle-admin.service';
import { memberActivityColumns } from './member-activity.columns';
import { personOption } from './person-option';

/** The programme page's circles: the list and the form that makes one. */
const CIRCLE_COLUMNS: Column<CircleSummary>[] = [
  {
    key: 'name',
    label: 'Circle',
    cell: (c) => html`<a href="/admin/circles/${c.id}">${c.name}</a>`,
    sortBy: (c) => c.name,
    search: (c) => c.name,
  },
  {
    key: 'status',
    label: 'Status',
    cell: (c) => badge(c.status),
    sortBy: (c) => c.status,
    search: (c) => c.status,
  },
  { key: 'members', label: 'Members', cell: (c) => c.members, sortBy: (c) => c.members },
  { key: 'messages', label: 'Messages', cell: (c) => c.messages, sortBy: (c) => c.messages },
  {
    key: 'last',
    label: 'Last message',
    cell: (c) => (c.lastMessageAt ? ago(c.lastMessageAt) : html`<span class="muted">none yet</span>`),
    sortBy: (c) => c.lastMessageAt,
  },
];

/** The programme's circles (a table of its own on the pairings tab: ?circles-q=, ?circles-sort=). */
export function circlesSection(
  ctx: PageContext,
  programmeId: string,
  circles: CircleSummary[],
  mentors: ParticipantRow[],
  mentees: ParticipantRow[],
  table: { path: string; query: Record<string, unknown> },
  notPlaceable: ReadonlyMap<string, string> = new Map(),
) {
  const state = tableState(table.query, CIRCLE_COLUMNS, 'circles-');
  return html`<h2>Circles (${circles.length})</h2>
    ${dataTable({
      base: tableBase(table.path, table.query, 'circles-'),
      label: 'Circles',
      columns: CIRCLE_COLUMNS,
      state,
      view: tableView(circles, CIRCLE_COLUMNS, state),
      empty: 'No circles yet.',
    })}
    <h2>Create a circle</h2>
    <form method="post" action="/admin/circles" class="card">
      ${csrfField(ctx)}
      <input type="hidden" name="programmeId" value="${programmeId}" />
      <p class="muted">
        One or two leads (mentors) and up to 12 members (mentees). The circle gets its own address; each email
        to it goes to every other member, one copy each, from "&lt;author&gt; via &lt;circle name&gt;".
      </p>
      <label>Name <input name="name" maxlength="80" required /></label>
      <label
        >Lead(s)
        <select name="leads" multiple required size="3">
          ${mentors.map((m) => personOption(m, notPlaceable))}
        </select></label
      >
      <label
        >Members
        <select name="members" multiple required size="6">
          ${mentees.map((m) => personOption(m, notPlaceable))}
        </select></label
      >
      <button type="submit">Create circle</button>
    </form>`;
}

type CircleMember = CircleView['members'][number];

function stateText(m: CircleMember): string {
  return m.leftAt ? 'left' : m.mutedAt ? 'muted' : 'in';
}

function memberColumns(ctx: PageContext, circleId: string): Column<CircleMember>[] {
  return [
    { key: 'name', label: 'Name', cell: (m) => m.name, sortBy: (m) => m.name, search: (m) => m.name },
    {
      key: 'role',
      label: 'Role',
      cell: (m) => (m.role === 'mentor' ? 'lead' : 'member'),
      sortBy: (m) => m.role,
      search: (m) => (m.role === 'mentor' ? 'lead' : 'member'),
    },
    ...memberActivityColumns<CircleMember>(),
    {
      key: 'state',
      label: 'State',
      cell: (m) =>
        html`${m.leftAt ? html`left ${ago(m.leftAt)}` : m.mutedAt ? html`<strong>muted</strong> ${ago(m.mutedAt)}` : 'in'}
        ${m.held ? html` · ${m.held} held email(s)` : null}`,
      sortBy: stateText,
      search: stateText,
    },
    {
      key: 'action',
      label: 'Action',
      cell: (m) =>
        m.role === 'mentee' && !m.leftAt
          ? html`<form
              method="post"
              action="/admin/circles/${circleId}/members/${m.participantId}/${m.mutedAt ? 'unmute' : 'mute'}"
            >
              ${csrfField(ctx)}<button type="submit">${m.mutedAt ? 'Unmute' : 'Mute'}</button>
            </form>`
          : null,
    },
  ];
}

/** A circle: who is in it, when each last wrote (silence), who left, who is muted. */
export function circlePage(ctx: PageContext, v: CircleView, query: Record<string, unknown> = {}): string {
  const c = v.circle;
  const columns = memberColumns(ctx, c.id);
  const state = tableState(query, columns);
  return page(
    ctx,
    c.name,
    html`<div class="card">
        Circle of <a href="/admin/programmes/${c.programmeId}">${c.programmeName}</a> · ${badge(c.status)} ·
        address <code>${c.relayAddress}</code> · ${c.messages} message(s)
      </div>
      <h2>Members (${c.members})</h2>
      ${dataTable({
        base: `/admin/circles/${c.id}`,
        label: 'Members',
        columns,
        state,
        view: tableView(v.members, columns, state),
      })}
      <p class="muted">
        A muted member still gets the circle's mail; what they write is held (see the inbound log, held) and
        the leads are told. Members leave by replying #leave.
      </p>`,
  );
}
