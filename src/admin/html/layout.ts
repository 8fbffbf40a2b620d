import { html, type SafeHtml } from './html';
import { ADMIN_CSS } from './styles';
import { trusted } from './html';
import { viewerZone } from './viewer-zone';

export interface PageContext {
  staffEmail: string;
  csrfToken: string;
  /** The request's path, so the navigation can mark where the viewer is (aria-current). */
  path?: string;
}

const NAV: { href: string; label: string }[] = [
  { href: '/admin', label: 'Dashboard' },
  { href: '/admin/attention', label: 'Needs attention' },
  { href: '/admin/inbound', label: 'Inbound' },
  { href: '/admin/deliveries', label: 'Outbound' },
  { href: '/admin/outbox', label: 'Outbox' },
  { href: '/admin/templates', label: 'Templates' },
  { href: '/admin/queues', label: 'Queues' },
  { href: '/admin/account', label: 'Account' },
];

/** The nav entry the path sits under: the longest matching prefix ("/admin" only on the dashboard itself). */
function currentNav(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const clean = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return NAV.filter((n) => clean === n.href || (n.href !== '/admin' && clean.startsWith(`${n.href}/`)))
    .map((n) => n.href)
    .sort((a, b) => b.length - a.length)[0];
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

/** `docTitle` names the browser tab when it should say more than the heading (a programme's sub-page). */
export function page(ctx: PageContext, title: string, content: SafeHtml, docTitle = title): string {
  const current = currentNav(ctx.path);
  return document(
    docTitle,
    html`<a class="skip" href="#main">Skip to content</a>
      <header>
        <strong><a href="/admin">MentorMail</a></strong>
        <nav aria-label="Admin">
          ${NAV.map(
            (n) =>
              html`<a href="${n.href}" ${n.href === current ? html`aria-current="page"` : null}
                >${n.label}</a
              >`,
          )}
        </nav>
        <a class="zone" href="/admin/account#time-zone">Times in ${viewerZone()}</a>
        <form method="post" action="/admin/logout">
          ${csrfField(ctx)}<button class="secondary" type="submit">Log out ${ctx.staffEmail}</button>
        </form>
      </header>
      <main id="main" tabindex="-1">
        <h1>${title}</h1>
        ${content}
      </main>`,
  );
}

export function badge(value: string): SafeHtml {
  return html`<span class="badge b-${value.replace(/[^a-z_-]/g, '')}">${value.replace(/_/g, ' ')}</span>`;
}
