import { selfPostingPageCsp } from '../../http/security-headers';
import { escapeHtml as e } from '../../common/escape-html';
import { CIRCLE_POLL_MIN_ANSWERS } from '../../digests/circle-digest-content';
import { POLL_COUNTS_MIN_ANSWERS } from '../../digests/digest-content';
import type { ReplyDayText, VoteBallot, VoteLinkResult } from './vote-link.service';

const CSS =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}button{font-size:1.1rem;padding:.7rem 1.4rem}.muted{color:#52606d;font-size:.95rem}';

/**
 * The one inline stylesheet, by hash; nothing else may load or run, and the form posts only back
 * here (the same shape as the unsubscribe page's policy).
 */
export const VOTE_CSP = selfPostingPageCsp(CSS);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${e(title)}</title><style>${CSS}</style></head><body>${body}</body></html>`;
}

const whoSees = (b: VoteBallot) =>
  b.circleName
    ? `Only your programme staff see your individual answer; nobody in ${e(b.circleName)} does. Your weekly digest shows your own answer and the circle's counts (how many chose each answer, never who), once at least ${CIRCLE_POLL_MIN_ANSWERS} people in the circle have answered.`
    : `Only your programme staff see your individual answer; ${e(b.partnerName)} never does. Your weekly digest shows your own answer, and the counts across the programme once at least ${POLL_COUNTS_MIN_ANSWERS} people have answered.`;

/** What the "best reply day" vote changed, said where the vote is confirmed. */
const replyDayLine = (r: ReplyDayText | undefined) =>
  !r
    ? ''
    : `<p>From next week your weekly prompt arrives on <strong>${e(r.day)}s</strong>, at the usual hour in your time zone${r.nextOnText ? `: the next one on ${e(r.nextOnText)}` : ''}. Your partner’s day does not change.</p>`;

/** The page of a vote link, and its HTTP status: what the controller sends. */
export function votePage(result: VoteLinkResult, action: string): { status: number; html: string } {
  switch (result.state) {
    case 'invalid':
      return {
        status: 404,
        html: page(
          'Link not valid',
          '<h1>This link is not valid</h1><p>It may have been copied incompletely. Nothing was recorded. To vote, reply to the poll email with the number of your choice on the first line.</p>',
        ),
      };
    case 'closed':
      return {
        status: 410,
        html: page(
          'Poll closed',
          `<h1>This poll has closed</h1><p>The poll “${e(result.pollTitle)}” closed on ${e(result.closedOnText)}, so votes are no longer recorded. Nothing was changed.</p>`,
        ),
      };
    case 'ready': {
      const b = result.ballot;
      return {
        status: 200,
        html: page(
          'Confirm your vote',
          `<h1>${e(b.pollTitle)}</h1><p>${e(b.name)}, your answer: <strong>${e(b.optionLabel)}</strong></p><form method="post" action="${e(action)}"><button type="submit">Confirm my vote</button></form><p class="muted">Nothing is recorded until you confirm. ${whoSees(b)} You can change your vote until ${e(b.closesOnText)}: the last one counts.</p>`,
        ),
      };
    }
    case 'recorded': {
      const b = result.ballot;
      return {
        status: 200,
        html: page(
          'Vote recorded',
          `<h1>Vote recorded</h1><p>${e(b.name)}, your answer to “${e(b.pollTitle)}” is <strong>${e(b.optionLabel)}</strong>.</p>${replyDayLine(result.replyDay)}<p>${whoSees(b)}</p><p class="muted">Changed your mind? Tap another option in the poll email before ${e(b.closesOnText)}: the last vote counts.</p>`,
        ),
      };
    }
  }
}
