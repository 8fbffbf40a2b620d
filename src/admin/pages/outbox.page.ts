import type { ParsedMail } from 'mailparser';
import { html } from '../html/html';
import { bytes, when } from '../html/format';
import { page, type PageContext } from '../html/layout';
import { dataTable, tableState, tableView, type Column } from '../html/data-table';
import type { OutboxEntry } from '../services/outbox-view.service';
import { sanitizeInboundHtml } from '../services/thread-admin.service';

const OUTBOX_COLUMNS: Column<OutboxEntry>[] = [
  { key: 'written', label: 'Written', cell: (e) => when(e.writtenAt), sortBy: (e) => e.writtenAt },
  {
    key: 'file',
    label: 'File',
    cell: (e) => html`<a href="/admin/outbox/${e.name}">${e.name}</a>`,
    sortBy: (e) => e.name,
    search: (e) => e.name,
  },
  { key: 'size', label: 'Size', cell: (e) => bytes(e.size), sortBy: (e) => e.size },
];

/** The newest 200 files (OutboxViewService.list), searched by file name, sorted and paged in memory. */
export function outboxListPage(
  ctx: PageContext,
  entries: OutboxEntry[],
  dir: string,
  query: Record<string, unknown> = {},
): string {
  const state = tableState(query, OUTBOX_COLUMNS);
  return page(
    ctx,
    'Outbox (local development)',
    html`<p class="muted">Emails the file transport wrote to <code>${dir}</code>, newest first.</p>
      ${dataTable({
        base: '/admin/outbox',
        label: 'Outbox',
        columns: OUTBOX_COLUMNS,
        state,
        view: tableView(entries, OUTBOX_COLUMNS, state),
        empty: 'No emails written yet.',
      })}`,
  );
}

export function outboxMailPage(ctx: PageContext, name: string, mail: ParsedMail): string {
  const addr = (a: ParsedMail['to']) =>
    [a]
      .flat()
      .map((x) => x?.text ?? '')
      .join(', ');
  return page(
    ctx,
    mail.subject ?? name,
    html`<div class="card">
        From ${mail.from?.text ?? ''}<br />To ${addr(mail.to)}<br />Date ${when(mail.date)}<br />
        Message-ID <code>${mail.messageId ?? ''}</code> · <a href="/admin/outbox/${name}?raw=1">raw</a>
      </div>
      <h2>Text</h2>
      <div class="card msg">${mail.text ?? ''}</div>
      ${
        mail.html
          ? html`<h2>HTML</h2>
              <iframe sandbox="" title="HTML part" srcdoc="${sanitizeInboundHtml(mail.html)}"></iframe>`
          : null
      }`,
  );
}
