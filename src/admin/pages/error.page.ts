import { html } from '../html/html';
import { document, page, type PageContext } from '../html/layout';

const TITLES: Record<number, string> = {
  400: 'That did not work',
  403: 'Not allowed',
  404: 'Page not found',
  413: 'Too large',
  500: 'Something went wrong',
};

/**
 * An admin error as a page. With a staff session (a route matched and the guard ran) it sits in
 * the full layout; without one (no route matched, so nobody was looked up) it keeps the same
 * look with a way back, and says nothing about what exists behind the login.
 */
export function errorPage(ctx: PageContext | undefined, status: number, message: string): string {
  const title = TITLES[status] ?? (status >= 500 ? TITLES[500] : TITLES[400]);
  const body = html`<p class="${status >= 500 ? 'error' : 'muted'}" data-status="${status}">${message}</p>
    <p>Error ${status}. <a href="/admin">Back to the dashboard</a></p>`;
  if (ctx) return page(ctx, title, body);
  return document(
    title,
    html`<a class="skip" href="#main">Skip to content</a>
      <header>
        <strong><a href="/admin">MentorMail</a></strong>
      </header>
      <main id="main" tabindex="-1">
        <h1>${title}</h1>
        ${body}
      </main>`,
  );
}
