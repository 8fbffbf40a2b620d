import { screeningOn } from '../../programs/entities/programme.entity';
import { html } from '../html/html';
import { csrfField, type PageContext } from '../html/layout';
import { optedOut } from '../html/opt-out';
import type { EnrolmentCell, ProgrammeView } from '../services/programme-admin.service';
import { healthColumns } from './attention.page';
import { dataTable, tableBase, tableState, tableView, type Column } from '../html/data-table';
import type { PairingHealthRow } from '../repositories/pairing-health.repository';
import type { ParticipantRow } from '../repositories/programme-read.repository';
import { circlesSection } from './circle.page';
import { personOption } from './person-option';
import { roomsSection } from './room.page';
import { programmeShell, programmeTabHref } from './programme.page';

const STAGE_TEXT = {
  invited: 'invited',
  confirmed: 'confirmed',
  consented: 'consented',
  profile_complete: 'profile complete',
  ready: 'ready',
} as const;

function stageText(cell: EnrolmentCell | undefined): string {
  if (!cell) return '—';
  if (cell.declined) return 'declined';
  return STAGE_TEXT[cell.stage];
}

/** Pairings, circles and rooms: the groups people write in, and the forms that make them. */
/** Paused and ended pairings have no score; they sort last either way. */
const scoreOf = (v: ProgrammeView, r: PairingHealthRow) =>
  r.status === 'active' ? (v.scores.get(r.id) ?? 100) : null;

const PAIRING_COLUMNS = (v: ProgrammeView): Column<PairingHealthRow>[] =>
  healthColumns([
    { key: 'score', label: 'Score', cell: (r) => scoreOf(v, r) ?? '—', sortBy: (r) => scoreOf(v, r) },
  ]);

export function programmePairingsPage(
  ctx: PageContext,
  v: ProgrammeView,
  notice?: string,
  query: Record<string, unknown> = {},
): string {
  const p = v.programme;
  const columns = PAIRING_COLUMNS(v);
  const table = { path: programmeTabHref(p.id, 'pairings'), query };
  const state = tableState(query, columns);
  const mentors = v.participants.filter((x) => x.role === 'mentor');
  const mentees = v.participants.filter((x) => x.role === 'mentee');
  return programmeShell(
    ctx,
    p,
    'pairings',
    html`<h2>Pairings (${v.pairings.length})</h2>
      ${dataTable({
        base: tableBase(table.path, query),
        label: 'Pairings',
        columns,
        state,
        view: tableView(v.pairings, columns, state),
      })}
      <h2>Create a pairing</h2>
      <form method="post" action="/admin/programmes/${p.id}/pairings" class="card">
        ${csrfField(ctx)}
        <label
          >Mentor
          <select name="mentorId" required>
            ${mentors.map((m) => personOption(m, v.notPlaceable, ` (${m.pairings})`))}
          </select></label
        >
        <label
          >Mentee(s)
          <select name="menteeIds" multiple required size="5">
            ${mentees.map((m) => personOption(m, v.notPlaceable, ` (${m.pairings})`))}
          </select></label
        >
        <button type="submit">Create pairing</button>
      </form>
      ${circlesSection(ctx, p.id, v.circles, mentors, mentees, table, v.notPlaceable)}
      ${roomsSection(ctx, p.id, v.rooms, table)}`,
    notice,
  );
}

const PARTICIPANT_COLUMNS = (v: ProgrammeView): Column<ParticipantRow>[] => [
  {
    key: 'name',
    label: 'Name',
    cell: (x) => html`<a href="/admin/participants/${x.id}">${x.name}</a>`,
    sortBy: (x) => x.name,
    search: (x) => x.name,
  },
  { key: 'email', label: 'Email', cell: (x) => x.email, sortBy: (x) => x.email, search: (x) => x.email },
  { key: 'role', label: 'Role', cell: (x) => x.role, sortBy: (x) => x.role, search: (x) => x.role },
  {
    key: 'zone',
    label: 'Time zone',
    cell: (x) => x.timeZone,
    sortBy: (x) => x.timeZone,
    search: (x) => x.timeZone,
  },
  { key: 'pairings', label: 'Pairings', cell: (x) => x.pairings, sortBy: (x) => x.pairings },
  {
    key: 'prompts',
    label: 'Prompts',
    cell: (x) => (x.optedOut ? optedOut(x.optedOut) : 'on'),
    sortBy: (x) => (x.optedOut ? 1 : 0),
  },
  {
    key: 'stage',
    label: 'Enrolment',
    cell: (x) => html`<span data-stage>${stageText(v.enrolment.get(x.id))}</span>`,
    sortBy: (x) => stageText(v.enrolment.get(x.id)),
    search: (x) => stageText(v.enrolment.get(x.id)),
  },
  { key: 'consent', label: 'Guardian consent', cell: (x) => v.enrolment.get(x.id)?.consent ?? '—' },
  {
    key: 'screening',
    label: 'Screening',
    cell: (x) => html`<span data-screening>${screeningText(v, x)}</span>`,
    sortBy: (x) => screeningText(v, x),
    search: (x) => screeningText(v, x),
  },
];

/** A mentor's screening where the programme screens mentors: what staff still have to record. */
function screeningText(v: ProgrammeView, x: ParticipantRow): string {
  if (x.role !== 'mentor' || !screeningOn(v.programme)) return '—';
  if (x.backgroundCheckedAt && x.trainedAt) {
    const months = v.programme.screeningValidMonths;
    if (!months) return 'recorded';
    // The earlier of the two lapses first (ScreeningLapseService clears it then).
    const lapses = new Date(Math.min(x.backgroundCheckedAt.getTime(), x.trainedAt.getTime()));
    lapses.setUTCMonth(lapses.getUTCMonth() + months);
    return `recorded, lapses ${lapses.toISOString().slice(0, 10)}`;
  }
  if (x.backgroundCheckedAt) return 'training missing';
  // Every text of a mentor still to screen says "missing": the staff digest links to that search.
  return x.trainedAt ? 'background check missing' : 'background check and training missing';
}

export function programmeParticipantsPage(
  ctx: PageContext,
  v: ProgrammeView,
  notice?: string,
  query: Record<string, unknown> = {},
): string {
  const columns = PARTICIPANT_COLUMNS(v);
  const state = tableState(query, columns);
  return programmeShell(
    ctx,
    v.programme,
    'participants',
    html`<h2>Participants (${v.participants.length})</h2>
      ${dataTable({
        base: programmeTabHref(v.programme.id, 'participants'),
        label: 'Participants',
        columns,
        state,
        view: tableView(v.participants, columns, state),
      })}`,
    notice,
  );
}
