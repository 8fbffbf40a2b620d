import { html } from '../html/html';
import { bytes, when } from '../html/format';
import { page, type PageContext } from '../html/layout';
import type { ThreadViewModel } from '../services/thread-admin.service';

/**
 * Sanitised HTML goes into an iframe with an empty sandbox (no scripts, no same-origin, no
 * forms, no top navigation): defence in depth should the sanitizer ever let something through.
 */
export function threadPage(ctx: PageContext, v: ThreadViewModel): string {
  return page(
    ctx,
    v.thread.subject || '(no subject)',
    html`<p>
        <a href="/admin/pairings/${v.thread.pairingId}">Back to the pairing</a> · ${v.messages.length}
        message(s)
      </p>
      ${v.messages.map(
        (m) =>
          html`<article class="card">
            <strong>${m.kind === 'prompt' ? 'MentorMail prompt' : (m.authorName ?? 'unknown')}</strong>
            ${m.authorRole ? html`<span class="muted">(${m.authorRole})</span>` : null}
            <span class="muted">${when(m.createdAt)}</span>
            ${m.extractionConfident ? null : html` <span class="badge b-quiet">full body kept (reply not separated with confidence)</span>`}
            <div class="msg">${m.newText}</div>
            ${
              m.quotedText
                ? html`<details>
                    <summary>Quoted text removed from the relayed copy</summary>
                    <div class="msg muted">${m.quotedText}</div>
                  </details>`
                : null
            }
            ${
              m.safeHtml
                ? html`<details>
                    <summary>Original HTML (sanitised)</summary>
                    <iframe
                      sandbox=""
                      referrerpolicy="no-referrer"
                      title="Original HTML"
                      srcdoc="${m.safeHtml}"
                    ></iframe>
                  </details>`
                : null
            }
            ${m.attachments.length ? html`<p>Attachments: ${m.attachments.map((a) => html`<span class="badge">${a.filename} · ${a.contentType} · ${bytes(a.size)}</span> `)}</p>` : null}
          </article>`,
      )}`,
  );
}
