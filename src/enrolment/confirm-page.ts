import { selfPostingPageCsp } from '../http/security-headers';

const CSS =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.6rem 1.2rem}.muted{color:#555}';

/** The one inline stylesheet, by hash; nothing else loads, and the form posts back here. */
export const CONFIRM_CSP = selfPostingPageCsp(CSS);

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)}</title><style>${CSS}</style></head><body>${body}</body></html>`;
}

export interface ConfirmTarget {
  name: string;
  programmeName: string;
  description: string | null;
  termsUrl: string | null;
  done: boolean;
}

function terms(t: ConfirmTarget, what: string): string {
  return t.termsUrl
    ? `<p>${what} <a href="${escape(t.termsUrl)}" rel="noopener noreferrer">the programme's terms</a>.</p>`
    : '';
}

/** GET: says what confirming means; only the button (a POST) confirms, so link scanners change nothing. */
export function confirmPage(t: ConfirmTarget, action: string): string {
  if (t.done) return confirmedPage(t);
  return page(
    `Join ${t.programmeName}`,
    `<h1>Join ${escape(t.programmeName)}?</h1><p>${escape(t.name)}, press the button to confirm that this is your address and that you want to take part.</p>${t.description ? `<p>${escape(t.description)}</p>` : ''}${terms(t, 'Confirming means you agree to')}<form method="post" action="${escape(action)}"><button type="submit">Confirm</button></form>`,
  );
}

export function confirmedPage(t: ConfirmTarget): string {
  return page(
    'Confirmed',
    `<h1>You're confirmed</h1><p>Thank you, ${escape(t.name)}. We have sent you a few short questions by email: answer them by replying, and ${escape(t.programmeName)} will find you a match.</p>`,
  );
}

export function consentPage(t: ConfirmTarget, action: string): string {
  if (t.done) return consentedPage(t);
  return page(
    `Agree for ${t.name}`,
    `<h1>May ${escape(t.name)} take part in ${escape(t.programmeName)}?</h1><p>As ${escape(t.name)}'s parent or guardian, press the button to agree that they take part in this mentoring programme by email.</p>${t.description ? `<p>${escape(t.description)}</p>` : ''}${terms(t, 'Please read')}<form method="post" action="${escape(action)}"><button type="submit">I agree</button></form><p class="muted">If you do not agree, close this page: nothing happens.</p>`,
  );
}

export function consentedPage(t: ConfirmTarget): string {
  return page(
    'Thank you',
    `<h1>Thank you</h1><p>You agreed that ${escape(t.name)} takes part in ${escape(t.programmeName)}. They can now be matched with a mentor.</p>`,
  );
}

export function notFoundPage(): string {
  return page(
    'Link not valid',
    '<h1>This link is not valid</h1><p>It may have been copied incompletely. You can also reply to the email instead.</p>',
  );
}
