import { html } from '../html/html';
import { ago, when } from '../html/format';
import { csrfField, type PageContext } from '../html/layout';
import {
  CIRCLE_SILENT_DAYS,
  type LeadMuteRow,
  NEVER_WROTE_GRACE_DAYS,
  type NeverWroteRow,
  type SilentCircleRow,
} from '../repositories/circle-attention.repository';

export interface CircleAttention {
  silent: SilentCircleRow[];
  neverWrote: NeverWroteRow[];
  mutedByLead: LeadMuteRow[];
}

/** A lead's mute holds someone's mail from the circle: staff look, then keep it or unmute. */
function leadMutes(ctx: PageContext, rows: LeadMuteRow[]) {
  if (rows.length === 0) return null;
  return html`<h2>Muted by a circle lead</h2>
    <p class="muted">
      Their mail to the circle is held for you (inbound log, held). Keep the mute to make it yours, or unmute.
    </p>
    <div class="scroll">
      <table class="lead-mutes">
        <thead>
          <tr>
            <th>Person</th>
            <th>Circle</th>
            <th>Muted</th>
            <th>Held emails</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (m) =>
              html`<tr>
                <td>${m.name}</td>
                <td><a href="/admin/circles/${m.circleId}">${m.circleName}</a></td>
                <td>${ago(m.mutedAt)}</td>
                <td>${m.held}</td>
                <td>
                  <form
                    method="post"
                    action="/admin/circles/${m.circleId}/members/${m.participantId}/keep-muted"
                  >
                    ${csrfField(ctx)}<button type="submit">Keep muted</button>
                  </form>
                  <form method="post" action="/admin/circles/${m.circleId}/members/${m.participantId}/unmute">
                    ${csrfField(ctx)}<button type="submit">Unmute</button>
                  </form>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

/** Needs attention, circles: those gone silent and the members who never wrote. Nothing when all is well. */
export function circleAttentionSection(ctx: PageContext, a: CircleAttention) {
  const silent = a.silent.length
    ? html`<h2>Circles gone silent</h2>
        <p class="muted">No member has written for ${CIRCLE_SILENT_DAYS} days (or since the circle began).</p>
        <div class="scroll">
          <table class="silent-circles">
            <thead>
              <tr>
                <th>Circle</th>
                <th>Programme</th>
                <th>Last message</th>
                <th>Began</th>
              </tr>
            </thead>
            <tbody>
              ${a.silent.map(
                (c) =>
                  html`<tr>
                    <td><a href="/admin/circles/${c.id}">${c.name}</a></td>
                    <td><a href="/admin/programmes/${c.programmeId}">${c.programmeName}</a></td>
                    <td>
                      ${c.lastMessageAt ? ago(c.lastMessageAt) : html`<strong>nobody ever wrote</strong>`}
                    </td>
                    <td>${when(c.createdAt)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>`
    : null;
  const never = a.neverWrote.length
    ? html`<h2>Circle members who never wrote</h2>
        <p class="muted">Not one message ${NEVER_WROTE_GRACE_DAYS} days or more after their circle began.</p>
        <div class="scroll">
          <table class="never-wrote">
            <thead>
              <tr>
                <th>Person</th>
                <th>Circle</th>
                <th>Circle began</th>
              </tr>
            </thead>
            <tbody>
              ${a.neverWrote.map(
                (m) =>
                  html`<tr>
                    <td>${m.name} (${m.role === 'mentor' ? 'lead' : 'member'})</td>
                    <td><a href="/admin/circles/${m.circleId}">${m.circleName}</a></td>
                    <td>${ago(m.circleCreatedAt)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>`
    : null;
  return html`${leadMutes(ctx, a.mutedByLead)}${silent}${never}`;
}
