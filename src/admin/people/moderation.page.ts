import { when } from '../html/format';
import { html } from '../html/html';
import { csrfField, page, type PageContext } from '../html/layout';
import type { Programme } from '../../programs/entities/programme.entity';
import { contactFilterOn } from '../../programs/entities/programme.entity';
import type { ReviewItem } from './moderation.service';
import type { AuditRow, ThreadViewRow } from './people.repository';

/** Safeguarding settings and the moderation queue of one programme. */
export function moderationPage(ctx: PageContext, p: Programme, items: ReviewItem[], notice?: string): string {
  const on = contactFilterOn(p);
  const setting = p.contactFilter === null ? 'auto' : p.contactFilter ? 'on' : 'off';
  return page(
    ctx,
    `Moderation · ${p.name}`,
    html`<p>
        <a href="/admin/programmes/${p.id}">${p.name}</a> · moderation ·
        <a href="/admin/programmes/${p.id}/audit">staff audit</a>
      </p>
      ${notice ? html`<p class="ok" role="status">${notice}</p>` : null}
      <h2>Held for review (${items.length})</h2>
      ${items.length ? null : html`<p class="muted" data-empty>No message is waiting for review.</p>`}
      ${items.map(
        (m) =>
          html`<section class="card" data-held="${m.id}">
            <p>
              <strong>${m.authorName}</strong> to ${m.partnerNames || 'their pairing'} ·
              ${when(m.receivedAt)} · <a href="/admin/pairings/${m.pairingId}">pairing</a>
            </p>
            <p>Subject: ${m.subject}</p>
            <p class="muted">${m.detail}</p>
            <pre class="message">${m.text}</pre>
            <form method="post" action="/admin/moderation/${m.id}/approve" class="inline">
              ${csrfField(ctx)}<button type="submit">Approve: pass it on as written</button>
            </form>
            <form method="post" action="/admin/moderation/${m.id}/edit">
              ${csrfField(ctx)}
              <label
                >Edit, then pass it on (the author is sent what their partner receives)
                <textarea name="text" required>${m.text}</textarea></label
              >
              <button type="submit" class="secondary">Pass on the edited text</button>
            </form>
            <form method="post" action="/admin/moderation/${m.id}/reject">
              ${csrfField(ctx)}
              <label>Reject: why (the author reads this) <input name="reason" required maxlength="500" /></label>
              <button type="submit" class="danger">Reject</button>
            </form>
          </section>`,
      )}
      <h2>Contact-detail filter</h2>
      <p data-filter-state>
        The filter is ${on ? 'on' : 'off'} for this programme${setting === 'auto' ? ' (the default: on when the programme asks guardian consent)' : ''}.
        When on, a message with a phone number, an email address, a social-media handle, a meeting or
        chat link, a street address or one of the words below waits here until staff decide; its author
        is told it is waiting, not why.
      </p>
      <form method="post" action="/admin/programmes/${p.id}/safeguarding" class="card">
        ${csrfField(ctx)}
        <label
          >Filter
          <select name="contactFilter">
            <option value="auto" ${setting === 'auto' ? 'selected' : ''}>
              Default (on for youth programmes, those asking guardian consent)
            </option>
            <option value="on" ${setting === 'on' ? 'selected' : ''}>On</option>
            <option value="off" ${setting === 'off' ? 'selected' : ''}>Off</option>
          </select></label
        >
        <label
          >Allowed (domains like meet.ourprogramme.org, or exact numbers and handles; one a line)
          <textarea name="contactAllow">${p.contactAllow.join('\n')}</textarea></label
        >
        <label
          >Words that hold a message too (one a line)
          <textarea name="filterKeywords">${p.filterKeywords.join('\n')}</textarea></label
        >
        <button type="submit">Save</button>
      </form>`,
  );
}

/** Which staff read which conversation, and what staff changed: the programme's audit. */
export function auditPage(ctx: PageContext, p: Programme, views: ThreadViewRow[], actions: AuditRow[]): string {
  return page(
    ctx,
    `Staff audit · ${p.name}`,
    html`<p>
        <a href="/admin/programmes/${p.id}">${p.name}</a> · <a href="/admin/programmes/${p.id}/moderation">moderation</a>
        · staff audit
      </p>
      <h2>Conversations read by staff</h2>
      <div class="scroll">
        <table data-views>
          <thead>
            <tr><th scope="col">When</th><th scope="col">Staff</th><th scope="col">Thread</th></tr>
          </thead>
          <tbody>
            ${views.map(
              (v) =>
                html`<tr>
                  <td>${when(v.viewedAt)}</td>
                  <td>${v.staffEmail}</td>
                  <td><a href="/admin/pairings/${v.pairingId}">${v.subject}</a></td>
                </tr>`,
            )}
            ${views.length ? null : html`<tr><td colspan="3" class="muted">No conversation was read.</td></tr>`}
          </tbody>
        </table>
      </div>
      <h2>Changes and decisions</h2>
      <div class="scroll">
        <table data-actions>
          <thead>
            <tr>
              <th scope="col">When</th><th scope="col">Staff</th><th scope="col">Action</th>
              <th scope="col">Participant</th><th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            ${actions.map(
              (a) =>
                html`<tr>
                  <td>${when(a.at)}</td>
                  <td>${a.staffEmail ?? 'a former staff member'}</td>
                  <td>${a.action.replace(/_/g, ' ')}</td>
                  <td>${a.subject ?? ''}</td>
                  <td>${a.detail}</td>
                </tr>`,
            )}
            ${actions.length ? null : html`<tr><td colspan="5" class="muted">Nothing yet.</td></tr>`}
          </tbody>
        </table>
      </div>`,
  );
}
