import { html, type SafeHtml } from './html';

export interface Tab {
  href: string;
  label: string;
}

/**
 * Sub-page navigation: plain links, one URL each, so every tab works without script and can be
 * bookmarked; the current one carries aria-current="page" for screen readers and the style.
 */
export function tabNav(label: string, tabs: Tab[], currentHref: string): SafeHtml {
  return html`<nav class="tabs" aria-label="${label}">
    <ul>
      ${tabs.map(
        (t) =>
          html`<li>
            <a href="${t.href}" ${t.href === currentHref ? html`aria-current="page"` : null}>${t.label}</a>
          </li>`,
      )}
    </ul>
  </nav>`;
}
