import { selfPostingPageCsp } from '../http/security-headers';
import type { WithdrawnPlaces } from '../programs/member-withdrawal.repository';

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
  /** After a guardian's withdrawal: where the person stands now (what the page may truly say). */
  withdrawal?: WithdrawnPlaces;
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
    `<h1>You're confirmed</h1><p>Thank you, ${escape(t.name)}. We have sent you a few short questions by email: answer them by replying, so that ${escape(t.programmeName)} can find you a match.</p>`,
  );
}

/** `action` is the consent link; its withdrawal posts to `<action>/withdraw`. */
export function consentPage(t: ConfirmTarget, action: string): string {
  if (t.done) return consentedPage(t, action);
  return page(
    `Agree for ${t.name}`,
    `<h1>May ${escape(t.name)} take part in ${escape(t.programmeName)}?</h1><p>As ${escape(t.name)}'s parent or guardian, press the button to agree that they take part in this mentoring programme by email.</p>${t.description ? `<p>${escape(t.description)}</p>` : ''}${terms(t, 'Please read')}<form method="post" action="${escape(action)}"><button type="submit">I agree</button></form><p class="muted">If you do not agree, close this page: nothing happens.</p>`,
  );
}

export function consentedPage(t: ConfirmTarget, action: string): string {
  const name = escape(t.name);
  return page(
    'Thank you',
    `<h1>Thank you</h1><p>You agreed that ${name} takes part in ${escape(t.programmeName)}. They can now be matched with a mentor.</p><h2>Changed your mind?</h2><p>If you withdraw your agreement, ${name} will not be matched with a mentor. If they are in a mentoring pair, it is paused and the programme team is told. They also leave any group they are in. You can agree again later on this page.</p><form method="post" action="${escape(`${action}/withdraw`)}"><button type="submit">Withdraw my agreement</button></form>`,
  );
}

/**
 * Each sentence only when it is true of `t.withdrawal`: the programme team is told (the work
 * queue's `consent_withdrawn`) only of a pair or a circle, not of a topic room.
 */
export function withdrawnPage(t: ConfirmTarget & { withdrawal: WithdrawnPlaces }): string {
  const w = t.withdrawal;
  const name = escape(t.name);
  const groups = w.circlesLeft + w.roomsLeft;
  const placed = w.pausedPairs + w.circlesLeft > 0;
  const said = [
    `You have withdrawn your agreement for ${name} to take part in ${escape(t.programmeName)}.`,
    `${name} ${placed ? 'is no longer matched: they ' : ''}will not be matched with a mentor unless you agree again.`,
    w.pausedPairs === 1 &&
      'Their mentoring pair is paused: messages they and their partner write are held, not passed on.',
    w.pausedPairs > 1 &&
      'Their mentoring pairs are paused: messages they and their partners write are held, not passed on.',
    groups > 0 && `They have left ${groups === 1 ? 'the group' : `the ${groups} groups`} they were in.`,
    placed && 'The programme team has been told and will be in touch.',
    'If you change your mind, this same link lets you agree again.',
  ];
  return page(
    'Agreement withdrawn',
    `<h1>Agreement withdrawn</h1>${said
      .filter((s): s is string => typeof s === 'string')
      .map((s) => `<p>${s}</p>`)
      .join('')}`,
  );
}

export function notFoundPage(): string {
  return page(
    'Link not valid',
    '<h1>This link is not valid</h1><p>It may have been copied incompletely. You can also reply to the email instead.</p>',
  );
}
