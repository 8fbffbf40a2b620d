import { html } from '../html/html';
import { ago, when } from '../html/format';
import {
  CIRCLE_SILENT_DAYS,
  NEVER_WROTE_GRACE_DAYS,
  type NeverWroteRow,
  type SilentCircleRow,
} from '../repositories/circle-attention.repository';

export interface CircleAttention {
  silent: SilentCircleRow[];
  neverWrote: NeverWroteRow[];
}

/** Needs attention, circles: those gone silent and the members who never wrote. Nothing when all is well. */
export function circleAttentionSection(a: CircleAttention) {
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
                    <td>${when(c.createdAt)} UTC</td>
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
  return html`${silent}${never}`;
}
