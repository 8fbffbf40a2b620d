import type { ChoiceAttentionReason, ChoiceAttentionRow } from '../../choice/choice-attention';
import type { RematchRow } from '../../closing/closing.repository';
import { html } from '../html/html';
import { ago, when } from '../html/format';
import { badge, page, type PageContext } from '../html/layout';
import { circleAttentionSection, type CircleAttention } from './circle-attention.section';
import type { QueueItem } from '../../attention/attention.service';
import { queueList } from './work-queue';
import type {
  AttentionReason,
  PairingHealth,
  PairingHealthRow,
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

export function pairingTable(rows: PairingHealthRow[], showProgramme: boolean) {
  return html`<div class="scroll">
    <table id="pairings" class="pairings">
      <thead>
        <tr>
          <th scope="col">Pairing</th>
          ${showProgramme ? html`<th scope="col">Programme</th>` : null}
          <th scope="col">Health</th>
          <th scope="col">Mentor wrote</th>
          <th scope="col">Mentee wrote</th>
          <th scope="col">Messages</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              <td><a href="/admin/pairings/${r.id}">${r.members || r.relayAddress}</a></td>
              ${showProgramme ? html`<td><a href="/admin/programmes/${r.programmeId}">${r.programmeName}</a></td>` : null}
              <td>${badge(r.health)}</td>
              <td>${ago(r.mentorLast)}</td>
              <td>${ago(r.menteeLast)}</td>
              <td>${r.messages}</td>
              <td>${r.reasons.map((x) => REASON_TEXT[x]).join('; ')}</td>
            </tr>`,
        )}
        ${
          rows.length
            ? null
            : html`<tr>
                <td colspan="8" class="muted">Nothing here.</td>
              </tr>`
        }
      </tbody>
    </table>
  </div>`;
}

/** Open #rematch requests, first on the needs-attention page: a member is waiting for staff. */
function rematchTable(rematches: RematchRow[]) {
  if (rematches.length === 0) return null;
  return html`<h2>Rematch requests</h2>
    <div class="scroll">
      <table class="rematch-requests">
        <thead>
          <tr>
            <th scope="col">Asked by</th>
            <th scope="col">When</th>
            <th scope="col">Reason (staff only)</th>
          </tr>
        </thead>
        <tbody>
          ${rematches.map(
            (r) =>
              html`<tr>
                <td><a href="/admin/pairings/${r.pairingId}">${r.name}</a></td>
                <td>${ago(r.createdAt)}</td>
                <td>${r.reason || html`<span class="muted">(no reason given)</span>`}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

export const CHOICE_REASON_TEXT: Record<ChoiceAttentionReason, string> = {
  'no-mentor-left': 'waiting for a mentor: no mentor with a free place is left to suggest',
  'mentee-requests-lapsed': 'their last two requests lapsed: neither mentor answered in time',
  'mentor-let-lapse': 'let the last two requests from mentees lapse without answering',
};

/** People of choosing programmes stuck without a mentor, or mentors not answering: staff can help. */
function choiceTable(rows: ChoiceAttentionRow[]) {
  if (rows.length === 0) return null;
  return html`<h2>Mentees choosing a mentor</h2>
    <div class="scroll">
      <table class="choice-attention">
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Programme</th>
            <th scope="col">Why</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr>
                <td>${r.name}</td>
                <td><a href="/admin/programmes/${r.programmeId}">${r.programmeName}</a></td>
                <td>${CHOICE_REASON_TEXT[r.reason]}</td>
                <td>${when(r.since)} (${ago(r.since)})</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
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
): string {
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
        ${rematchTable(rematches)} ${choiceTable(choosing)} ${queueList(ctx, queue)}
        ${circleAttentionSection(ctx, circles)}`,
    );
  }
  return page(
    ctx,
    title,
    html`<p class="muted">${rows.length} pairing(s).</p>
      ${pairingTable(rows, true)}`,
  );
}
