import { when } from '../html/format';
import { html } from '../html/html';
import { csrfField, page, type PageContext } from '../html/layout';
import {
  dataCards,
  dataTable,
  tableBase,
  tableState,
  type Column,
  type TableState,
  type TableView,
} from '../html/data-table';
import type { Programme } from '../../programs/entities/programme.entity';
import { contactFilterOn, screeningOn } from '../../programs/entities/programme.entity';
import type { ReviewItem } from './moderation.service';
import type { AuditRow, ThreadViewRow } from './people.repository';

/** The queue's sort keys are the repository's (REVIEW_SORTS); the items are cards, each with its forms. */
const REVIEW_COLUMNS: Column<ReviewItem>[] = [
  { key: 'received', label: 'Received', cell: (m) => when(m.receivedAt), sortable: true },
  { key: 'author', label: 'Author', cell: (m) => m.authorName, sortable: true },
  { key: 'subject', label: 'Subject', cell: (m) => m.subject, sortable: true },
];

export function reviewRequest(query: Record<string, unknown>): TableState {
  return tableState(query, REVIEW_COLUMNS);
}

/** A safeguarding switch as stored (null: the programme's default) and as the form names it. */
type Choice = 'auto' | 'on' | 'off';
const choiceOf = (stored: boolean | null): Choice => (stored === null ? 'auto' : stored ? 'on' : 'off');

/** One switch's three choices; the default is on for a programme that asks guardian consent. */
function choiceOptions(chosen: Choice) {
  return html`<option value="auto" ${chosen === 'auto' ? 'selected' : ''}>
              Default (on for youth programmes, those asking guardian consent)
            </option>
            <option value="on" ${chosen === 'on' ? 'selected' : ''}>On</option>
            <option value="off" ${chosen === 'off' ? 'selected' : ''}>Off</option>`;
}

/** Safeguarding settings and the moderation queue of one programme. */
export function moderationPage(
  ctx: PageContext,
  p: Programme,
  items: TableView<ReviewItem>,
  notice?: string,
  query: Record<string, unknown> = {},
): string {
  const on = contactFilterOn(p);
  const setting = choiceOf(p.contactFilter);
  const screening = choiceOf(p.screeningRequired);
  return page(
    ctx,
    `Moderation · ${p.name}`,
    html`<p>
        <a href="/admin/programmes/${p.id}">${p.name}</a> · moderation ·
        <a href="/admin/programmes/${p.id}/audit">staff audit</a>
      </p>
      ${notice ? html`<p class="ok" role="status">${notice}</p>` : null}
      <h2>Held for review (${items.total})</h2>
      ${dataCards({
        base: tableBase(`/admin/programmes/${p.id}/moderation`, query),
        label: 'Held messages',
        columns: REVIEW_COLUMNS,
        state: reviewRequest(query),
        view: items,
        searchable: true,
        empty: 'No message is waiting for review.',
        item: (m) =>
          html`<section class="card" data-held="${m.id}">
            <p>
              <strong>${m.authorName}</strong> to ${m.partnerNames || 'their pairing'} · ${when(m.receivedAt)}
              · <a href="/admin/pairings/${m.pairingId}">pairing</a>
            </p>
            <p>Subject: ${m.subject}</p>
            <p class="muted">${m.detail}</p>
            <pre class="message">${m.text}</pre>
            ${
              m.links.length
                ? html`<p>Its links lead to:</p>
                    <ul class="links">
                      ${m.links.map((link) => html`<li><code>${link}</code></li>`)}
                    </ul>`
                : null
            }
            ${
              m.files.length
                ? html`<p>
                      Files (passed on with it, also after an edit; open them from the
                      <a href="/admin/inbound/${m.id}/raw">email's source</a>):
                    </p>
                    <ul class="files">
                      ${m.files.map((file) => html`<li>${file}</li>`)}
                    </ul>`
                : null
            }
            <form method="post" action="/admin/moderation/${m.id}/approve" class="inline">
              ${csrfField(ctx)}<button type="submit">Approve: pass it on as written</button>
            </form>
            <form method="post" action="/admin/moderation/${m.id}/edit">
              ${csrfField(ctx)}
              <label
                >Edit, then pass it on (the author is sent what their partner receives)
                <textarea name="text" required>${m.text}</textarea>
              </label>
              <label
                >Subject (a message that starts a conversation is passed on under it)
                <input name="subject" maxlength="500" value="${m.subject}"
              /></label>
              <button type="submit" class="secondary">Pass on the edited text</button>
            </form>
            <form method="post" action="/admin/moderation/${m.id}/reject">
              ${csrfField(ctx)}
              <label
                >Reject: why (the author reads this) <input name="reason" required maxlength="500"
              /></label>
              <button type="submit" class="danger">Reject</button>
            </form>
          </section>`,
      })}
      <h2>Contact-detail filter</h2>
      <p data-filter-state>
        The filter is ${on ? 'on' : 'off'} for this programme${setting === 'auto' ? ' (the default: on when the programme asks guardian consent)' : ''}.
        When on, a message with a phone number, an email address, a social-media handle, a meeting or
        chat link (in its words or where a link leads), a street address, one of the words below, or any
        file waits here until staff decide; its author is told it is waiting, not why.
      </p>
      <h2>Mentor screening</h2>
      <p data-screening-state>
        Mentor screening is ${screeningOn(p) ? 'on' : 'off'} for this programme${screening === 'auto' ? ' (the default: on when the programme asks guardian consent)' : ''}.
        When on, a mentor is not matched, paired, given a circle or let into a topic room until staff
        record their background check and safeguarding training on their participant page; mentees need
        none. Someone open to either role may meanwhile be matched as a mentee. Turning it on undoes no
        pairing, circle or room already made: the work queue shows each live pair or circle whose mentor
        is not screened, and a paused pair of theirs is not resumed.
        ${p.screeningValidMonths
          ? html`A recorded check or training lapses ${p.screeningValidMonths} months after the day it was done:
              it is then cleared, which pauses that mentor's pairs as clearing it by hand does. The weekly
              staff digest counts the records that lapse within 30 days.`
          : 'A recorded check or training does not lapse.'}
      </p>
      <form method="post" action="/admin/programmes/${p.id}/safeguarding" class="card">
        ${csrfField(ctx)}
        <label
          >Filter
          <select name="contactFilter">
            ${choiceOptions(setting)}
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
        <label
          >Mentor screening
          <select name="screeningRequired">
            ${choiceOptions(screening)}
          </select></label
        >
        <label
          >A check or training stays valid for (months; empty: it does not lapse)
          <input
            type="number"
            name="screeningValidMonths"
            min="1"
            max="120"
            value="${p.screeningValidMonths ?? ''}"
        /></label>
        <button type="submit">Save</button>
      </form>`,
  );
}

type Query = Record<string, unknown>;

const ACTION_COLUMNS: Column<AuditRow>[] = [
  { key: 'when', label: 'When', cell: (a) => when(a.at), sortable: true },
  {
    key: 'staff',
    label: 'Staff',
    cell: (a) => a.staffEmail ?? (a.action === 'screening_lapsed' ? 'MentorMail' : 'a former staff member'),
    sortable: true,
  },
  { key: 'action', label: 'Action', cell: (a) => a.action.replace(/_/g, ' '), sortable: true },
  { key: 'participant', label: 'Participant', cell: (a) => a.subject ?? '', sortable: true },
  { key: 'detail', label: 'Detail', cell: (a) => a.detail },
];

const VIEW_COLUMNS: Column<ThreadViewRow>[] = [
  { key: 'when', label: 'When', cell: (v) => when(v.viewedAt), sortable: true },
  { key: 'staff', label: 'Staff', cell: (v) => v.staffEmail, sortable: true },
  {
    key: 'thread',
    label: 'Thread',
    cell: (v) => html`<a href="/admin/pairings/${v.pairingId}">${v.subject}</a>`,
    sortable: true,
  },
];

/** The audit grows with every staff read: both tables are searched, sorted and paged in SQL (PeopleRepository). */
export function auditRequests(query: Query): { actions: TableState; views: TableState } {
  return { actions: tableState(query, ACTION_COLUMNS), views: tableState(query, VIEW_COLUMNS, 'read-') };
}

/** Which staff read which conversation, and what staff changed: the programme's audit. */
export function auditPage(
  ctx: PageContext,
  p: Programme,
  views: TableView<ThreadViewRow>,
  actions: TableView<AuditRow>,
  query: Query = {},
): string {
  const path = `/admin/programmes/${p.id}/audit`;
  const states = auditRequests(query);
  return page(
    ctx,
    `Staff audit · ${p.name}`,
    html`<p>
        <a href="/admin/programmes/${p.id}">${p.name}</a> ·
        <a href="/admin/programmes/${p.id}/moderation">moderation</a>
        · staff audit
      </p>
      <h2>Conversations read by staff</h2>
      <section data-views>
        ${dataTable({
          base: tableBase(path, query, 'read-'),
          label: 'Conversations read',
          columns: VIEW_COLUMNS,
          state: states.views,
          view: views,
          searchable: true,
          empty: 'No conversation was read.',
        })}
      </section>
      <h2>Changes and decisions</h2>
      <section data-actions>
        ${dataTable({
          base: tableBase(path, query),
          label: 'Changes and decisions',
          columns: ACTION_COLUMNS,
          state: states.actions,
          view: actions,
          searchable: true,
          empty: 'Nothing yet.',
        })}
      </section>`,
  );
}
