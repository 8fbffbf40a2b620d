import { when } from '../html/format';
import { html } from '../html/html';
import { badge, csrfField, page, type PageContext } from '../html/layout';
import { dataTable, tableBase, tableState, tableView, type Column } from '../html/data-table';
import type { RoomSummary } from '../../rooms/rooms.repository';
import type { RoomAdminService } from '../services/room-admin.service';
import { memberActivityColumns } from './member-activity.columns';

type RoomView = Awaited<ReturnType<RoomAdminService['view']>>;
type CallView = RoomView['calls'][number];

/** The programme page's topic rooms: the list and the form that makes one. */
const ROOM_COLUMNS: Column<RoomSummary>[] = [
  {
    key: 'name',
    label: 'Room',
    cell: (r) => html`<a href="/admin/rooms/${r.id}">${r.name}</a>`,
    sortBy: (r) => r.name,
    search: (r) => `${r.name} ${r.topic}`,
  },
  { key: 'join', label: 'Join by replying', cell: (r) => html`<code>#join ${r.topic}</code>` },
  {
    key: 'status',
    label: 'Status',
    cell: (r) => badge(r.status),
    sortBy: (r) => r.status,
    search: (r) => r.status,
  },
  { key: 'members', label: 'Members', cell: (r) => r.members, sortBy: (r) => r.members },
];

/** The programme's topic rooms (a table of its own on the pairings tab: ?rooms-q=, ?rooms-sort=). */
export function roomsSection(
  ctx: PageContext,
  programmeId: string,
  rooms: RoomSummary[],
  table: { path: string; query: Record<string, unknown> },
) {
  const state = tableState(table.query, ROOM_COLUMNS, 'rooms-');
  return html`<h2>Topic rooms (${rooms.length})</h2>
    ${dataTable({
      base: tableBase(table.path, table.query, 'rooms-'),
      label: 'Topic rooms',
      columns: ROOM_COLUMNS,
      state,
      view: tableView(rooms, ROOM_COLUMNS, state),
      empty: 'No topic rooms yet.',
    })}
    <h2>Create a topic room</h2>
    <form method="post" action="/admin/rooms" class="card">
      ${csrfField(ctx)}
      <input type="hidden" name="programmeId" value="${programmeId}" />
      <p class="muted">
        Anyone in the programme joins by replying "#join &lt;topic&gt;" to any MentorMail email, and leaves
        with "#leave &lt;topic&gt;". The room gets its own address, relayed as a circle's.
      </p>
      <label>Name <input name="name" maxlength="80" required /></label>
      <label
        >Topic (what people write after #join; the name if left empty) <input name="topic" maxlength="60"
      /></label>
      <button type="submit">Create room</button>
    </form>`;
}

function callTable(ctx: PageContext, roomId: string, call: CallView) {
  const names = (list: CallView['coming']) => (list.length ? list.map((p) => p.name).join(', ') : '—');
  const action = `/admin/rooms/${roomId}/calls/${call.id}`;
  const open = !call.cancelledAt && call.startsAt.getTime() > Date.now();
  return html`<div class="card">
    <p>
      <strong>${when(call.startsAt)}</strong> · ${call.durationMinutes} min ·
      <a href="${call.videoLink}">${call.videoLink}</a>
      ${call.cancelledAt ? html` · <strong>cancelled</strong>` : null}
      ${call.sequence > 0 && !call.cancelledAt ? html` · moved` : null}
    </p>
    <p>Coming (${call.coming.length}): ${names(call.coming)}</p>
    <p>Not coming (${call.notComing.length}): ${names(call.notComing)}</p>
    <p class="muted">No answer yet (${call.noAnswer.length}): ${names(call.noAnswer)}</p>
    ${
      open
        ? html`<form method="post" action="${action}/move">
              ${csrfField(ctx)}
              <label>New start (with its zone) <input name="startsAt" required /></label>
              <label
                >Minutes
                <input type="number" name="durationMinutes" min="5" max="480" value="${call.durationMinutes}"
              /></label>
              <button type="submit">Move and tell everyone</button>
            </form>
            <form method="post" action="${action}/cancel">
              ${csrfField(ctx)}<button type="submit">Cancel the call and tell everyone</button>
            </form>`
        : null
    }
  </div>`;
}

type RoomMember = RoomView['members'][number];

/** A room can have hundreds of members: searched by name, sorted by silence, paged. */
const MEMBER_COLUMNS: Column<RoomMember>[] = [
  {
    key: 'name',
    label: 'Name',
    cell: (m) => `${m.name} (${m.role})`,
    sortBy: (m) => m.name,
    search: (m) => `${m.name} ${m.role}`,
  },
  ...memberActivityColumns<RoomMember>(),
];

/** A topic room: its members, its calls with who is coming, and the form that schedules a call. */
export function roomPage(ctx: PageContext, v: RoomView, query: Record<string, unknown> = {}): string {
  const r = v.room;
  const state = tableState(query, MEMBER_COLUMNS);
  return page(
    ctx,
    r.name,
    html`<div class="card">
        Topic room · ${badge(r.status)} · join with <code>#join ${r.topic}</code> · address
        <code>${r.relayAddress}</code>
      </div>
      <h2>Members (${v.members.length})</h2>
      <div class="room-members">
        ${dataTable({
          base: `/admin/rooms/${r.id}`,
          label: 'Members',
          columns: MEMBER_COLUMNS,
          state,
          view: tableView(v.members, MEMBER_COLUMNS, state),
          empty: 'Nobody has joined yet.',
        })}
      </div>
      <h2>Calls (${v.calls.length})</h2>
      ${v.calls.map((c) => callTable(ctx, r.id, c))}
      <h2>Schedule a call</h2>
      <form method="post" action="/admin/rooms/${r.id}/calls" class="card">
        ${csrfField(ctx)}
        <p class="muted">
          Every member gets an invitation with a calendar file, in their own time zone, and replies yes or no;
          those who say yes get a reminder the day before.
        </p>
        <label
          >Starts at (with its zone, e.g. 2026-03-12T18:00:00+00:00) <input name="startsAt" required
        /></label>
        <label
          >Minutes <input type="number" name="durationMinutes" min="5" max="480" value="45" required
        /></label>
        <label>Video link <input name="videoLink" type="url" pattern="https://.*" required /></label>
        <button type="submit">Schedule and invite</button>
      </form>`,
  );
}
