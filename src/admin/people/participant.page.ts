import { html } from '../html/html';
import { badge, csrfField, page, type PageContext } from '../html/layout';
import type { ParticipantAdminRow } from './people.repository';
import { screeningSection } from './screening.page';

/** A participant's details as staff edit them, their screening, and the way to remove them and their data. */
export function participantPage(
  ctx: PageContext,
  v: ParticipantAdminRow,
  feedback: { notice?: string; errors?: string[]; values?: Record<string, unknown> } = {},
): string {
  const p = v.participant;
  const value = (key: string, fallback: string) =>
    typeof feedback.values?.[key] === 'string' ? (feedback.values[key] as string) : fallback;
  const others = p.emailAliases.filter((a) => a !== p.email).join('\n');
  return page(
    ctx,
    p.name,
    html`<p>
        <a href="/admin/programmes/${p.programmeId}">${v.programmeName}</a> · ${p.role}
      </p>
      ${feedback.notice ? html`<p class="ok" role="status">${feedback.notice}</p>` : null}
      ${(feedback.errors ?? []).map((e) => html`<p class="error" role="alert">${e}</p>`)}
      ${v.suppressed.length
        ? html`<p class="error" data-suppressed>
            Nothing is sent to ${v.suppressed.join(', ')}: it bounced or was suppressed. Change the
            address below to one that works; the new address is sent to, the old one stays suppressed.
          </p>`
        : null}
      <form method="post" action="/admin/participants/${p.id}" class="card">
        ${csrfField(ctx)}
        <label
          >Preferred name (greetings use it)
          <input name="preferredName" maxlength="60" value="${value('preferredName', p.preferredName ?? '')}"
        /></label>
        <label
          >Address (relayed mail goes here)
          <input type="email" name="email" required value="${value('email', p.email)}"
        /></label>
        <label
          >Other addresses they write from (one a line)
          <textarea name="aliases">${value('aliases', others)}</textarea>
        </label>
        <label
          >Time zone (IANA, like Europe/Lisbon)
          <input name="timeZone" required value="${value('timeZone', p.timeZone)}"
        /></label>
        <label>Locale (like en or pt-BR) <input name="locale" required value="${value('locale', p.locale)}" /></label>
        <button type="submit">Save</button>
      </form>
      <h2>Pairings</h2>
      <ul>
        ${v.pairings.map(
          (x) =>
            html`<li>
              <a href="/admin/pairings/${x.id}">${x.name ?? (x.partners || 'pairing')}</a> ${badge(x.status)}
            </li>`,
        )}
        ${v.pairings.length ? null : html`<li class="muted">None.</li>`}
      </ul>
      ${screeningSection(ctx, p.id, v.screening)}
      <h2>Remove</h2>
      <p>
        <a href="/admin/participants/${p.id}/remove">Remove ${p.name} and their data…</a>
      </p>`,
  );
}

/** The confirmation step before a removal: what goes, what stays, and that it cannot be undone. */
export function removeParticipantPage(ctx: PageContext, v: ParticipantAdminRow, error?: string): string {
  const p = v.participant;
  const live = v.pairings.filter((x) => x.status !== 'ended');
  return page(
    ctx,
    `Remove ${p.name}?`,
    html`<p><a href="/admin/participants/${p.id}">Back to ${p.name}</a></p>
      ${error ? html`<p class="error" role="alert">${error}</p>` : null}
      <p>Removing ${p.name} erases them and their data from ${v.programmeName}. This cannot be undone.</p>
      <ul>
        <li>
          ${live.length
            ? html`Their ${live.length} live pairing(s) and circle(s) end for them; nobody is emailed about it.`
            : html`They are in no live pairing.`}
        </li>
        <li>
          Their messages stay in the threads as "(removed)", so their partners' replies still read in
          order; quotes of their words are removed too.
        </li>
        <li>Nothing more is sent to them; emails waiting in the outbox for them are cancelled.</li>
        <li>
          Their name, addresses, profile, answers and the emails they sent are erased. Only the fact
          that a participant was removed, and when, is kept.
        </li>
      </ul>
      <form method="post" action="/admin/participants/${p.id}/remove" class="card">
        ${csrfField(ctx)}
        <label
          ><input type="checkbox" name="confirm" value="yes" required /> I understand that this cannot be
          undone</label
        >
        <button type="submit" class="danger">Remove ${p.name} and their data</button>
      </form>`,
  );
}
