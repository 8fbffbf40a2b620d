import { html } from '../html/html';
import { csrfField, type PageContext } from '../html/layout';
import { optedOut } from '../html/opt-out';
import type { EnrolmentCell, ProgrammeView } from '../services/programme-admin.service';
import { pairingTable } from './attention.page';
import { circlesSection } from './circle.page';
import { roomsSection } from './room.page';
import { programmeShell } from './programme.page';

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
export function programmePairingsPage(ctx: PageContext, v: ProgrammeView, notice?: string): string {
  const p = v.programme;
  const mentors = v.participants.filter((x) => x.role === 'mentor');
  const mentees = v.participants.filter((x) => x.role === 'mentee');
  return programmeShell(
    ctx,
    p,
    'pairings',
    html`<h2>Pairings (${v.pairings.length})</h2>
      ${pairingTable(v.pairings, false)}
      <h2>Create a pairing</h2>
      <form method="post" action="/admin/programmes/${p.id}/pairings" class="card">
        ${csrfField(ctx)}
        <label
          >Mentor
          <select name="mentorId" required>
            ${mentors.map((m) => html`<option value="${m.id}">${m.name} &lt;${m.email}&gt; (${m.pairings})</option>`)}
          </select></label
        >
        <label
          >Mentee(s)
          <select name="menteeIds" multiple required size="5">
            ${mentees.map((m) => html`<option value="${m.id}">${m.name} &lt;${m.email}&gt; (${m.pairings})</option>`)}
          </select></label
        >
        <button type="submit">Create pairing</button>
      </form>
      ${circlesSection(ctx, p.id, v.circles, mentors, mentees)} ${roomsSection(ctx, p.id, v.rooms)}`,
    notice,
  );
}

export function programmeParticipantsPage(ctx: PageContext, v: ProgrammeView, notice?: string): string {
  return programmeShell(
    ctx,
    v.programme,
    'participants',
    html`<h2>Participants (${v.participants.length})</h2>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Time zone</th>
              <th scope="col">Pairings</th>
              <th scope="col">Prompts</th>
              <th scope="col">Enrolment</th>
              <th scope="col">Guardian consent</th>
            </tr>
          </thead>
          <tbody>
            ${v.participants.map(
              (x) =>
                html`<tr>
                  <td>${x.name}</td>
                  <td>${x.email}</td>
                  <td>${x.role}</td>
                  <td>${x.timeZone}</td>
                  <td>${x.pairings}</td>
                  <td>${x.optedOut ? optedOut(x.optedOut) : 'on'}</td>
                  <td data-stage>${stageText(v.enrolment.get(x.id))}</td>
                  <td>${v.enrolment.get(x.id)?.consent ?? '—'}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`,
    notice,
  );
}
