import { html } from '../html/html';
import { csrfField, page, type PageContext } from '../html/layout';
import { dataTable, tableState, tableView, type Column } from '../html/data-table';
import type { TemplatePreview } from '../services/template-preview.service';

const GROUPS: { key: TemplatePreview['group']; title: string }[] = [
  { key: 'prompts', title: 'Prompts' },
  { key: 'digests', title: 'Digests' },
  { key: 'notices', title: 'Notices' },
];

/** Some thirty templates, known at build time: searched and sorted in memory. */
const TEMPLATE_COLUMNS: Column<TemplatePreview>[] = [
  {
    key: 'name',
    label: 'Template',
    cell: (p) => html`<a href="#${p.name}">${p.name}</a>`,
    sortBy: (p) => p.name,
    search: (p) => p.name,
  },
  { key: 'group', label: 'Group', cell: (p) => p.group, sortBy: (p) => p.group, search: (p) => p.group },
  { key: 'subject', label: 'Subject', cell: (p) => p.subject, sortBy: (p) => p.subject, search: (p) => p.subject },
  { key: 'file', label: 'File', cell: (p) => html`<code>templates/${p.file}</code>`, sortBy: (p) => p.file },
];

/**
 * The templates as a table (the index), and each one's preview below; a search narrows both, so
 * finding one template among thirty does not mean scrolling past thirty iframes.
 *
 * Each template's HTML in an iframe with an empty sandbox (no script, no same-origin, no forms)
 * beside its plain-text part, as the two parts of one email.
 */
export function templatesPage(
  ctx: PageContext,
  previews: TemplatePreview[],
  notice?: string,
  query: Record<string, unknown> = {},
): string {
  const state = tableState(query, TEMPLATE_COLUMNS);
  const view = tableView(previews, TEMPLATE_COLUMNS, state, previews.length || 1);
  const shown = new Set(view.rows.map((p) => p.name));
  return page(
    ctx,
    'Email templates',
    html`${notice ? html`<p class="ok" role="status">${notice}</p>` : null}
      <p class="muted">
        Every prompt, digest and notice template, filled with its sample data. "Send a test" sends it to
        ${ctx.staffEmail} through the outbox like any notice (it shows in the outbound log).
      </p>
      ${dataTable({
        base: '/admin/templates',
        label: 'Templates',
        columns: TEMPLATE_COLUMNS,
        state,
        view,
        tableClass: 'templates',
        empty: 'No template matches.',
      })}
      ${GROUPS.map((g) => ({ g, list: previews.filter((p) => p.group === g.key && shown.has(p.name)) })).map(
        ({ g, list }) =>
          list.length === 0
            ? null
            : html`<h2>${g.title}</h2>
            ${list
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
                      <pre aria-label="${p.name} text" tabindex="0">${p.text}</pre>
                    </div>
                  </section>`,
              )}`,
      )}`,
  );
}
