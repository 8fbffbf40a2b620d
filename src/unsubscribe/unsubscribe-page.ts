import { selfPostingPageCsp } from '../http/security-headers';
import type { PauseWeeks, UnsubscribeTarget } from './unsubscribe.service';
import { PAUSE_CHOICES } from './unsubscribe.service';

const CSS =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.6rem 1.2rem;margin:0 .5rem .5rem 0}form{display:inline}.muted{color:#555}section{margin-top:2rem}';

/** The one inline stylesheet, by hash; nothing else may load, and the forms post back here. */
export const UNSUBSCRIBE_CSP = selfPostingPageCsp(CSS);

/** Where each choice posts, under the token's own path (/u/<token>). */
export function actions(base: string) {
  return {
    unsubscribe: base,
    resubscribe: `${base}/resubscribe`,
    pause: (weeks: PauseWeeks) => `${base}/pause/${weeks}`,
  };
}

type Actions = ReturnType<typeof actions>;

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)}</title><style>${CSS}</style></head><body>${body}</body></html>`;
}

function button(action: string, label: string): string {
  return `<form method="post" action="${escape(action)}"><button type="submit">${escape(label)}</button></form>`;
}

function pauseChoices(a: Actions): string {
  return PAUSE_CHOICES.map((weeks) => button(a.pause(weeks), `Pause for ${weeks} weeks`)).join('');
}

const KEEPS_WORKING = 'Your conversation with your partner keeps working either way.';

/** The GET page: asks and offers, changes nothing. Every button POSTs. */
export function confirmPage(t: UnsubscribeTarget, a: Actions): string {
  const programme = escape(t.programmeName);
  if (t.alreadyStopped) {
    return page(
      'Already unsubscribed',
      `<h1>You're unsubscribed</h1><p>${escape(t.name)}, ${programme} sends you no prompts or digests. ${KEEPS_WORKING}</p><p>Changed your mind?</p>${button(a.resubscribe, 'Resubscribe')}`,
    );
  }
  const paused = t.pausedUntilText
    ? `<p class="muted">Prompts are paused until ${escape(t.pausedUntilText)}.</p>${button(a.resubscribe, 'Resume now')}`
    : '';
  return page(
    `Unsubscribe from ${t.programmeName}`,
    `<h1>Stop prompts and digests from ${programme}?</h1><p>${escape(t.name)}, this stops the weekly prompts and digests ${programme} sends you. ${KEEPS_WORKING}</p>${paused}${button(a.unsubscribe, 'Unsubscribe')}<section><h2>Or pause instead</h2><p>Take a break: no prompts or digests for a while, then they start again by themselves.</p>${pauseChoices(a)}</section>`,
  );
}

export function donePage(t: UnsubscribeTarget, a: Actions): string {
  return page(
    'Unsubscribed',
    `<h1>Unsubscribed</h1><p>${escape(t.name)}, you will get no more prompts or digests from ${escape(t.programmeName)}. Replies to your partner still reach them.</p><p>Clicked by mistake?</p>${button(a.resubscribe, 'Undo: resubscribe')}`,
  );
}

export function pausedPage(t: UnsubscribeTarget, a: Actions): string {
  if (!t.pausedUntilText) return confirmPage(t, a);
  return page(
    'Prompts paused',
    `<h1>Paused until ${escape(t.pausedUntilText)}</h1><p>${escape(t.name)}, ${escape(t.programmeName)} sends you no prompts or digests until then; they start again by themselves. ${KEEPS_WORKING}</p>${button(a.resubscribe, 'Undo: resume now')}`,
  );
}

export function resubscribedPage(t: UnsubscribeTarget, a: Actions): string {
  return page(
    'Subscribed again',
    `<h1>You're subscribed again</h1><p>${escape(t.name)}, prompts and digests from ${escape(t.programmeName)} start again.</p>${button(a.unsubscribe, 'Unsubscribe')}`,
  );
}

export function notFoundPage(): string {
  return page(
    'Link not valid',
    '<h1>This link is not valid</h1><p>It may have been copied incompletely. Reply <code>#stop</code> to any prompt instead.</p>',
  );
}
