import { html } from '../html/html';
import { csrfField, page, type PageContext } from '../html/layout';
import type { TemplatePreview } from '../services/template-preview.service';

const GROUPS: { key: TemplatePreview['group']; title: string }[] = [
  { key: 'prompts', title: 'Prompts' },
  { key: 'digests', title: 'Digests' },
  { key: 'notices', title: 'Notices' },
];

/**
 * Each template's HTML in an iframe with an empty sandbox (no script, no same-origin, no forms)
 * beside its plain-text part, as the two parts of one email.
 */
export function templatesPage(ctx: PageContext, previews: TemplatePreview[], notice?: string): string {
  return page(
    ctx,
    'Email templates',
    html`${notice ? html`<p class="ok" role="status">${notice}</p>` : null}
      <p class="muted">
        Every prompt, digest and notice template, filled with its sample data. "Send a test" sends it to
        ${ctx.staffEmail} through the outbox like any notice (it shows in the outbound log).
      </p>
      <p>${previews.map((p, i) => html`${i ? ' · ' : ''}<a href="#${p.name}">${p.name}</a>`)}</p>
      ${GROUPS.map(
        (g) =>
          html`<h2>${g.title}</h2>
            ${previews
              .filter((p) => p.group === g.key)
              .map(
                (p) =>
                  html`<section class="card" id="${p.name}">
                    <strong>${p.name}</strong>
                    <span class="muted">templates/${p.file} · ${p.hash.slice(0, 12)}</span>
                    <form class="inline" method="post" action="/admin/templates/${p.name}/test">
                      ${csrfField(ctx)}<button type="submit" class="secondary">Send a test to me</button>
                    </form>
                    <p>Subject: <strong>${p.subject}</strong></p>
                    <div class="side">
                      <iframe
                        sandbox=""
                        referrerpolicy="no-referrer"
                        title="${p.name} HTML"
                        srcdoc="${p.html}"
                      ></iframe>
                      <pre aria-label="${p.name} text">${p.text}</pre>
                    </div>
                  </section>`,
              )}`,
      )}`,
  );
}
