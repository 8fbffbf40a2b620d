import { html } from '../html/html';
import { hourText, WEEKDAYS } from '../html/format';
import { curriculumFor, listCurricula } from '../../prompts/curricula';
import { csrfField, page, type PageContext } from '../html/layout';
import { optedOut } from '../html/opt-out';
import type { ImportPlan } from '../services/csv-import';
import { CSV_COLUMNS } from '../services/csv-import';
import type { ProgrammeView } from '../services/programme-admin.service';
import { pairingTable } from './attention.page';
import { INVITE_COLUMNS } from '../../enrolment/invite-csv';
import { circlesSection } from './circle.page';
import { roomsSection } from './room.page';
import type { EnrolmentCell } from '../services/programme-admin.service';

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

export function programmePage(ctx: PageContext, v: ProgrammeView, notice?: string): string {
  const p = v.programme;
  const mentors = v.participants.filter((x) => x.role === 'mentor');
  const mentees = v.participants.filter((x) => x.role === 'mentee');
  const curriculum = curriculumFor(p.curriculumKey);
  return page(
    ctx,
    p.name,
    html`${notice ? html`<p class="ok" role="status">${notice}</p>` : null}
      <div class="card">
        Curriculum <strong>${curriculum.name}</strong> · prompts on
        <strong>${WEEKDAYS[p.sendWeekday]}</strong> at <strong>${hourText(p.sendHour)}</strong> in each
        person's time zone · slug ${p.slug}
      </div>
      <p><a href="/admin/programmes/${p.id}/match">Matching: propose, review and accept pairs</a></p>
      <h2>Schedule</h2>
      <form method="post" action="/admin/programmes/${p.id}/schedule" class="card">
        ${csrfField(ctx)}
        <p class="muted">
          Live pairings follow a change from their next step; a prompt already announced keeps its time.
          Anyone who chose their own day in the “Your best reply day” poll keeps that day, at this hour.
        </p>
        <label
          >Curriculum
          <select name="curriculumKey">
            ${listCurricula().map(
              (c) =>
                html`<option value="${c.key}" ${c.key === curriculum.key ? 'selected' : null}>
                  ${c.name} (${c.weeks} weeks)
                </option>`,
            )}
          </select></label
        >
        <label
          >Weekday
          <select name="sendWeekday">
            ${WEEKDAYS.slice(1).map(
              (day, i) =>
                html`<option value="${i + 1}" ${i + 1 === p.sendWeekday ? 'selected' : null}>${day}</option>`,
            )}
          </select></label
        >
        <label
          >Local hour
          <select name="sendHour">
            ${Array.from(
              { length: 24 },
              (_, h) =>
                html`<option value="${h}" ${h === p.sendHour ? 'selected' : null}>${hourText(h)}</option>`,
            )}
          </select></label
        >
        <button type="submit">Save schedule</button>
      </form>
      <h2>Joining and matching</h2>
      <form method="post" action="/admin/programmes/${p.id}/lifecycle" class="card">
        ${csrfField(ctx)}
        <p class="muted">
          With joining by email on, anyone who writes to <code>${v.joinAddress}</code> is sent a confirmation.
          Review: you approve each proposal on the Match page. Automatic: people are matched as they become
          ready. Choice: each ready mentee picks among three suggested mentors by reply.
        </p>
        <label
          ><input type="checkbox" name="joinEnabled" ${p.joinEnabled ? 'checked' : ''} /> Joining by
          email</label
        >
        <label
          >Matching
          <select name="matchingMode">
            ${(['review', 'automatic', 'choice'] as const).map(
              (m) => html`<option value="${m}" ${p.matchingMode === m ? 'selected' : ''}>${m}</option>`,
            )}
          </select></label
        >
        <label
          >Hours a mentor has to answer
          <input
            type="number"
            name="choiceReplyHours"
            min="1"
            max="720"
            value="${p.choiceReplyHours}"
            required
        /></label>
        <label
          >Guardian consent under age (empty: none)
          <input type="number" name="consentAge" min="5" max="25" value="${p.consentAge ?? ''}"
        /></label>
        <label>Terms link <input type="url" name="termsUrl" value="${p.termsUrl ?? ''}" /></label>
        <label
          >Description (in the confirmation)
          <textarea name="description" maxlength="1000">${p.description ?? ''}</textarea>
        </label>
        <label>Planned end <input type="date" name="endsOn" value="${p.endsOn ?? ''}" /></label>
        <button type="submit">Save</button>
      </form>
      <h2>Flood limits</h2>
      <form method="post" action="/admin/programmes/${p.id}/limits" class="card">
        ${csrfField(ctx)}
        <p class="muted">
          Over the sender or pairing limit, SMTP mail is refused for now (the sending server tries again
          later) and SES mail is held for review; past the loop limit each further message between the same
          two addresses is held and the pairing needs attention.
        </p>
        <label
          >Per sender
          <input type="number" name="senderLimit" min="1" max="100000" value="${p.senderLimit}" required
        /></label>
        <label
          >Per pairing
          <input type="number" name="pairingLimit" min="1" max="100000" value="${p.pairingLimit}" required
        /></label>
        <label
          >Loop (messages exchanged)
          <input type="number" name="loopLimit" min="1" max="100000" value="${p.loopLimit}" required
        /></label>
        <label
          >Window, minutes
          <input
            type="number"
            name="floodWindowMinutes"
            min="1"
            max="1440"
            value="${p.floodWindowMinutes}"
            required
        /></label>
        <button type="submit">Save limits</button>
      </form>
      <h2>Pairings (${v.pairings.length})</h2>
      ${pairingTable(v.pairings, false, { scores: v.scores, sortBase: `/admin/programmes/${p.id}`, sort: v.sort })}
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
      ${circlesSection(ctx, p.id, v.circles, mentors, mentees)} ${roomsSection(ctx, p.id, v.rooms)}
      <h2>Import participants (CSV)</h2>
      <form
        method="post"
        action="/admin/programmes/${p.id}/import"
        enctype="multipart/form-data"
        class="card"
      >
        ${csrfField(ctx)}
        <p class="muted">
          Header line: <code>${CSV_COLUMNS.join(',')}</code>. People sharing a <code>pairing</code> label
          become one pairing (one mentor, one or more mentees); people sharing a <code>circle</code> name
          become that circle (1-2 mentors lead it, 1-12 mentees). You will see a preview first; nothing is
          imported if any line has a problem.
        </p>
        <label>CSV file <input type="file" name="file" accept=".csv,text/csv" /></label>
        <label>or paste it <textarea name="csv"></textarea></label><button type="submit">Preview</button>
      </form>
      <h2>Invite participants (CSV)</h2>
      <form method="post" action="/admin/programmes/${p.id}/invites" class="card">
        ${csrfField(ctx)}
        <p class="muted">
          Header line: <code>${INVITE_COLUMNS.join(',')}</code> (role: mentor, mentee or either). Each new
          address gets the confirmation email; addresses already in the programme are skipped. Nothing is sent
          if any line has a problem.
        </p>
        <label>Invitations CSV <textarea name="invites" required></textarea></label
        ><button type="submit">Invite</button>
      </form>
      <h2>Participants (${v.participants.length})</h2>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Time zone</th>
              <th>Pairings</th>
              <th>Prompts</th>
              <th>Enrolment</th>
              <th>Guardian consent</th>
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
  );
}

export function importPreviewPage(
  ctx: PageContext,
  programme: { id: string; name: string },
  plan: ImportPlan,
  csv: string,
): string {
  const bad = plan.rows.filter((r) => r.errors.length).length;
  return page(
    ctx,
    `Import into ${programme.name}`,
    html`${plan.fileErrors.map((e) => html`<p class="error" role="alert">${e}</p>`)}
      ${bad ? html`<p class="error" role="alert">${bad} line(s) have problems. Nothing was imported; fix the file and preview again.</p>` : null}
      ${plan.ok ? html`<p class="ok">${plan.rows.length} participant(s), ${plan.pairings} pairing(s) and ${plan.circles} circle(s) ready to import.</p>` : null}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>Line</th>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Pairing</th>
              <th>Time zone</th>
              <th>Problem</th>
            </tr>
          </thead>
          <tbody>
            ${plan.rows.map(
              (
                r,
              ) => html`<tr${r.errors.length ? html` class="error"` : null}><td>${r.line}</td><td>${r.name}${r.preferredName ? html` <span class="muted">(goes by ${r.preferredName})</span>` : null}${r.about ? html`<br /><span class="muted">${r.about}</span>` : null}</td><td>${r.email}</td><td>${r.role}</td>
<td>${r.pairing}</td><td>${r.timeZone}</td><td>${r.errors.length ? html`<span class="line-error">Line ${r.line}: ${r.errors.join('; ')}</span>` : 'ok'}</td></tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${
        plan.ok
          ? html`<form
              method="post"
              action="/admin/programmes/${programme.id}/import/confirm"
              enctype="multipart/form-data"
            >
              ${csrfField(ctx)} <input type="hidden" name="csv" value="${csv}" /><button type="submit">
                Import ${plan.rows.length} participant(s)
              </button>
            </form>`
          : null
      }
      <p><a href="/admin/programmes/${programme.id}">Back to ${programme.name}</a></p>`,
  );
}
