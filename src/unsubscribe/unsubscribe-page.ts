import { createHash } from 'node:crypto';

const CSS =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.6rem 1.2rem}';

/** The one inline stylesheet, by hash; nothing else may load, and the form posts back here. */
export const UNSUBSCRIBE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)}</title><style>${CSS}</style></head><body>${body}</body></html>`;
}

/** The GET page: asks, changes nothing. The button POSTs to the same URL. */
export function confirmPage(name: string, action: string, alreadyStopped: boolean): string {
  if (alreadyStopped) {
    return page(
      'Already unsubscribed',
      `<h1>You're already unsubscribed</h1><p>${escape(name)}, MentorMail sends you no prompts or digests. Your conversation keeps working.</p>`,
    );
  }
  return page(
    'Unsubscribe from prompts',
    `<h1>Stop prompts and digests?</h1><p>${escape(name)}, this stops the weekly prompts and digests. Your conversation with your partner keeps working.</p><form method="post" action="${escape(action)}"><button type="submit">Unsubscribe</button></form>`,
  );
}

export function donePage(name: string): string {
  return page(
    'Unsubscribed',
    `<h1>Done</h1><p>${escape(name)}, you will get no more prompts or digests. Replies to your partner still reach them.</p>`,
  );
}

export function notFoundPage(): string {
  return page(
    'Link not valid',
    '<h1>This link is not valid</h1><p>It may have been copied incompletely. Reply <code>#stop</code> to any prompt instead.</p>',
  );
}
