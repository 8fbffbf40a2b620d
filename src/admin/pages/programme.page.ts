import { html, type SafeHtml } from '../html/html';
import { hourText, WEEKDAYS } from '../html/format';
import { curriculumFor, listCurricula } from '../../prompts/curricula';
import { csrfField, page, type PageContext } from '../html/layout';
import { tabNav } from '../html/tabs';
import type { CoordinatorsView } from '../services/coordinators.service';
import type { ProgrammeView } from '../services/programme-admin.service';

/** The programme's sub-pages, each its own URL (see tabNav). */
export const PROGRAMME_TABS = [
  'overview',
  'pairings',
  'participants',
  'schedule',
  'import',
  'report',
] as const;
export type ProgrammeTab = (typeof PROGRAMME_TABS)[number];

const TAB_LABEL: Record<ProgrammeTab, string> = {
  overview: 'Overview',
  pairings: 'Pairings',
  participants: 'Participants',
  schedule: 'Schedule',
  import: 'Import and invite',
  report: 'Report',
};

export function programmeTabHref(id: string, tab: ProgrammeTab): string {
  return tab === 'overview' ? `/admin/programmes/${id}` : `/admin/programmes/${id}/${tab}`;
}

/** Every programme sub-page: the programme's name, the tabs, the notice of the last save, the content. */
export function programmeShell(
  ctx: PageContext,
  programme: { id: string; name: string },
  tab: ProgrammeTab,
  content: SafeHtml,
  notice?: string,
): string {
  const tabs = PROGRAMME_TABS.map((t) => ({ href: programmeTabHref(programme.id, t), label: TAB_LABEL[t] }));
  return page(
    ctx,
    programme.name,
    html`${tabNav('Programme sections', tabs, programmeTabHref(programme.id, tab))}
    ${notice ? html`<p class="ok" role="status">${notice}</p>` : null} ${content}`,
    tab === 'overview' ? undefined : `${TAB_LABEL[tab]} · ${programme.name}`,
  );
}

export function programmeOverviewPage(
  ctx: PageContext,
  v: ProgrammeView,
  coordinators: CoordinatorsView,
  notice?: string,
): string {
  const p = v.programme;
  const curriculum = curriculumFor(p.curriculumKey);
  return programmeShell(
    ctx,
    p,
    'overview',
    html`<div class="card">
        Curriculum <strong>${curriculum.name}</strong> · prompts on
        <strong>${WEEKDAYS[p.sendWeekday]}</strong> at <strong>${hourText(p.sendHour)}</strong> in each
        person's time zone · slug ${p.slug}
      </div>
      <ul class="figures">
        <li><a href="${programmeTabHref(p.id, 'pairings')}">${v.pairings.length} pairing(s)</a></li>
        <li>
          <a href="${programmeTabHref(p.id, 'participants')}">${v.participants.length} participant(s)</a>
        </li>
        <li>${v.circles.length} circle(s), ${v.rooms.length} room(s)</li>
      </ul>
      <p><a href="/admin/programmes/${p.id}/match">Matching: propose, review and accept pairs</a></p>
      <p>
        <a href="/admin/programmes/${p.id}/moderation">Safeguarding and moderation</a> ·
        <a href="/admin/programmes/${p.id}/audit">Staff audit</a>
      </p>
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
        <p class="muted">
          A consent age also turns on the contact-detail filter and mentor screening, unless
          <a href="/admin/programmes/${p.id}/moderation">Safeguarding</a> sets them otherwise.
        </p>
        <label>Terms link <input type="url" name="termsUrl" value="${p.termsUrl ?? ''}" /></label>
        <label
          >Description (in the confirmation)
          <textarea name="description" maxlength="1000">${p.description ?? ''}</textarea>
        </label>
        <label>Planned end <input type="date" name="endsOn" value="${p.endsOn ?? ''}" /></label>
        <button type="submit">Save</button>
      </form>
      ${attentionForm(ctx, p)} ${coordinatorsCard(ctx, p.id, coordinators)}
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
      </form>`,
    notice,
  );
}

/** Whose weekly digest carries this programme's work queue, funnel and reply times. */
function coordinatorsCard(ctx: PageContext, programmeId: string, c: CoordinatorsView): SafeHtml {
  const base = `/admin/programmes/${programmeId}/coordinators`;
  return html`<h2 id="coordinators">Coordinators</h2>
    <div class="card">
      <p class="muted">
        A coordinator's weekly digest covers their programmes only. Staff who coordinate no programme get
        every programme in theirs.
      </p>
      ${
        c.coordinators.length
          ? html`<ul class="coordinators">
              ${c.coordinators.map(
                (s) =>
                  html`<li>
                    ${s.email}
                    <form method="post" action="${base}/${s.id}/remove" class="inline">
                      ${csrfField(ctx)}<button type="submit" class="secondary">Remove ${s.email}</button>
                    </form>
                  </li>`,
              )}
            </ul>`
          : html`<p>No coordinator yet: this programme is in every staff member's digest.</p>`
      }
      ${
        c.others.length
          ? html`<form method="post" action="${base}">
              ${csrfField(ctx)}
              <label
                >Add a coordinator
                <select name="staffId">
                  ${c.others.map(
                    (s) =>
                      html`<option value="${s.id}" ${s.email === ctx.staffEmail ? 'selected' : null}>
                        ${s.email}
                      </option>`,
                  )}
                </select></label
              >
              <button type="submit">Add</button>
            </form>`
          : null
      }
    </div>`;
}

/** One whole-number field of the attention form; the server checks the same range. */
function numberField(label: string, name: string, value: number, min: number, max: number): SafeHtml {
  return html`<label
    >${label} <input type="number" name="${name}" min="${min}" max="${max}" value="${value}" required
  /></label>`;
}

/** The work queue's thresholds and the reminders (src/attention reads them at every look). */
function attentionForm(ctx: PageContext, p: ProgrammeView['programme']): SafeHtml {
  return html`<h2>Needs attention and reminders</h2>
    <form method="post" action="/admin/programmes/${p.id}/attention" class="card">
      ${csrfField(ctx)}
      <p class="muted">
        A pairing joins the work queue when one of these is reached. Whoever owes a reply gets a personal
        reminder after the days below, at most the number below; after the last one you are alerted instead.
        With zero reminders, none goes out and you are alerted after the first interval.
      </p>
      ${numberField('Days to a first exchange, from the first welcome or prompt sent', 'firstExchangeDays', p.firstExchangeDays, 1, 365)}
      ${numberField('Days a reply may be owed', 'owedReplyDays', p.owedReplyDays, 1, 365)}
      ${numberField('Unanswered messages in a row (one-sided)', 'oneSidedMessages', p.oneSidedMessages, 2, 100)}
      ${numberField('A pulse or survey score at or below (1 to 5)', 'lowScore', p.lowScore, 1, 5)}
      ${numberField('Days of silence after activity', 'silenceDays', p.silenceDays, 1, 365)}
      ${numberField('Days before a reminder', 'nudgeAfterDays', p.nudgeAfterDays, 1, 365)}
      ${numberField('Reminders at most', 'nudgeMax', p.nudgeMax, 0, 10)}
      <button type="submit">Save attention settings</button>
    </form>`;
}

export function programmeSchedulePage(ctx: PageContext, v: ProgrammeView, notice?: string): string {
  const p = v.programme;
  const curriculum = curriculumFor(p.curriculumKey);
  return programmeShell(
    ctx,
    p,
    'schedule',
    html`<h2>Schedule</h2>
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
      </form>`,
    notice,
  );
}
