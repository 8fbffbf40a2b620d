import { html, type SafeHtml } from './html';
import { ADMIN_CSS } from './styles';
import { trusted } from './html';

export interface PageContext {
  staffEmail: string;
  csrfToken: string;
}

/** The hidden field every form carries: the session's synchronizer token. */
export function csrfField(ctx: { csrfToken: string }): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrfToken}" />`;
}

// Built by concatenation, not in the template, so the bytes between the tags are exactly the CSS
// whose hash the Content-Security-Policy allows (formatters re-indent template literals).
const STYLE_TAG = trusted(`<style>${ADMIN_CSS}</style>`);

export function document(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} · MentorMail</title>
        ${STYLE_TAG}
      </head>
      <body>
        ${body}
      </body>
    </html>`.value;
}

export function page(ctx: PageContext, title: string, content: SafeHtml): string {
  return document(
    title,
    html`<header>
        <strong><a href="/admin">MentorMail</a></strong>
        <nav>
          <a href="/admin">Dashboard</a><a href="/admin/attention">Needs attention</a
          ><a href="/admin/inbound">Inbound</a> <a href="/admin/deliveries">Outbound</a
          ><a href="/admin/outbox">Outbox</a><a href="/admin/templates">Templates</a
          ><a href="/admin/queues">Queues</a>
          <a href="/admin/account">Account</a>
        </nav>
        <form method="post" action="/admin/logout">
          ${csrfField(ctx)}<button class="secondary" type="submit">Log out ${ctx.staffEmail}</button>
        </form>
      </header>
      <main>
        <h1>${title}</h1>
        ${content}
      </main>`,
  );
}

export function badge(value: string): SafeHtml {
  return html`<span class="badge b-${value.replace(/[^a-z_-]/g, '')}">${value.replace(/_/g, ' ')}</span>`;
}
