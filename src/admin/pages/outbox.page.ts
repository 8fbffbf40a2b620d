import type { ParsedMail } from 'mailparser';
import { html } from '../html/html';
import { bytes, when } from '../html/format';
import { page, type PageContext } from '../html/layout';
import type { OutboxEntry } from '../services/outbox-view.service';
import { sanitizeInboundHtml } from '../services/thread-admin.service';

export function outboxListPage(ctx: PageContext, entries: OutboxEntry[], dir: string): string {
  return page(
    ctx,
    'Outbox (local development)',
    html`<p class="muted">Emails the file transport wrote to <code>${dir}</code>, newest first.</p>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Written</th>
              <th scope="col">File</th>
              <th scope="col">Size</th>
            </tr>
          </thead>
          <tbody>
            ${entries.map(
              (e) =>
                html`<tr>
                  <td>${when(e.writtenAt)}</td>
                  <td><a href="/admin/outbox/${e.name}">${e.name}</a></td>
                  <td>${bytes(e.size)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`,
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
