import { html } from '../html/html';
import { ago, when } from '../html/format';
import { csrfField, type PageContext } from '../html/layout';
import { listTable, type Column } from '../html/data-table';
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

type Query = Record<string, unknown>;

/** A lead's mute holds someone's mail from the circle: staff look, then keep it or unmute. */
const muteColumns = (ctx: PageContext): Column<LeadMuteRow>[] => [
  { key: 'person', label: 'Person', cell: (m) => m.name, sortBy: (m) => m.name, search: (m) => m.name },
  {
    key: 'circle',
    label: 'Circle',
    cell: (m) => html`<a href="/admin/circles/${m.circleId}">${m.circleName}</a>`,
    sortBy: (m) => m.circleName,
    search: (m) => m.circleName,
  },
  { key: 'muted', label: 'Muted', cell: (m) => ago(m.mutedAt), sortBy: (m) => m.mutedAt },
  { key: 'held', label: 'Held emails', cell: (m) => m.held, sortBy: (m) => m.held },
  {
    key: 'decide',
    label: 'Decide',
    cell: (m) =>
      html`<form method="post" action="/admin/circles/${m.circleId}/members/${m.participantId}/keep-muted">
          ${csrfField(ctx)}<button type="submit">Keep muted</button>
        </form>
        <form method="post" action="/admin/circles/${m.circleId}/members/${m.participantId}/unmute">
          ${csrfField(ctx)}<button type="submit">Unmute</button>
        </form>`,
  },
];

const SILENT_COLUMNS: Column<SilentCircleRow>[] = [
  {
    key: 'circle',
    label: 'Circle',
    cell: (c) => html`<a href="/admin/circles/${c.id}">${c.name}</a>`,
    sortBy: (c) => c.name,
    search: (c) => c.name,
  },
  {
    key: 'programme',
    label: 'Programme',
    cell: (c) => html`<a href="/admin/programmes/${c.programmeId}">${c.programmeName}</a>`,
    sortBy: (c) => c.programmeName,
    search: (c) => c.programmeName,
  },
  {
    key: 'last',
    label: 'Last message',
    cell: (c) => (c.lastMessageAt ? ago(c.lastMessageAt) : html`<strong>nobody ever wrote</strong>`),
    sortBy: (c) => c.lastMessageAt,
  },
  { key: 'began', label: 'Began', cell: (c) => when(c.createdAt), sortBy: (c) => c.createdAt },
];

const NEVER_COLUMNS: Column<NeverWroteRow>[] = [
  {
    key: 'person',
    label: 'Person',
    cell: (m) => `${m.name} (${m.role === 'mentor' ? 'lead' : 'member'})`,
    sortBy: (m) => m.name,
    search: (m) => m.name,
  },
  {
    key: 'circle',
    label: 'Circle',
    cell: (m) => html`<a href="/admin/circles/${m.circleId}">${m.circleName}</a>`,
    sortBy: (m) => m.circleName,
    search: (m) => m.circleName,
  },
  {
    key: 'began',
    label: 'Circle began',
    cell: (m) => ago(m.circleCreatedAt),
    sortBy: (m) => m.circleCreatedAt,
  },
];

/**
 * Needs attention, circles: those gone silent, the members who never wrote, and lead's mutes; each
 * list its own data table (in memory: a few per programme). Nothing when all is well.
 */
export function circleAttentionSection(ctx: PageContext, a: CircleAttention, query: Query = {}) {
  const path = '/admin/attention';
  return html`${listTable(
    a.mutedByLead,
    {
      title: 'Muted by a circle lead',
      label: 'Muted by a lead',
      prefix: 'mutes-',
      tableClass: 'lead-mutes',
      columns: muteColumns(ctx),
      query,
      path,
    },
    html`<p class="muted">
      Their mail to the circle is held for you (inbound log, held). Keep the mute to make it yours, or unmute.
    </p>`,
  )}${listTable(
    a.silent,
    {
      title: 'Circles gone silent',
      label: 'Silent circles',
      prefix: 'silent-',
      tableClass: 'silent-circles',
      columns: SILENT_COLUMNS,
      query,
      path,
    },
    html`<p class="muted">
      No member has written for ${CIRCLE_SILENT_DAYS} days (or since the circle began).
    </p>`,
  )}${listTable(
    a.neverWrote,
    {
      title: 'Circle members who never wrote',
      label: 'Never wrote',
      prefix: 'never-',
      tableClass: 'never-wrote',
      columns: NEVER_COLUMNS,
      query,
      path,
    },
    html`<p class="muted">
      Not one message ${NEVER_WROTE_GRACE_DAYS} days or more after their circle began.
    </p>`,
  )}`;
}
