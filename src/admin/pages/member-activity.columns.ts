import { ago } from '../html/format';
import { html } from '../html/html';
import type { Column } from '../html/data-table';

/** What a group's member table shows of their activity: circles and topic rooms alike. */
export interface MemberActivity {
  messages: number;
  lastMessageAt: Date | null;
  /** Days since their last message; null when they never wrote. */
  silentDays: number | null;
}

/** Messages, last message and silence, sortable: a group has no replies owed, only silence. */
export function memberActivityColumns<T extends MemberActivity>(): Column<T>[] {
  return [
    { key: 'messages', label: 'Messages', cell: (m) => m.messages, sortBy: (m) => m.messages },
    {
      key: 'last',
      label: 'Last message',
      cell: (m) => (m.lastMessageAt ? ago(m.lastMessageAt) : '—'),
      sortBy: (m) => m.lastMessageAt,
    },
    {
      key: 'silence',
      label: 'Silence',
      cell: (m) => (m.silentDays === null ? html`<strong>never wrote</strong>` : `${m.silentDays} day(s)`),
      // Never wrote is the longest silence.
      sortBy: (m) => m.silentDays ?? Number.MAX_SAFE_INTEGER,
    },
  ];
}
