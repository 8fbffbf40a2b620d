import type { OptOutVia } from '../../programs/entities/participant.entity';
import { when } from './format';
import { html, type SafeHtml } from './html';
import { badge } from './layout';

/** How someone opted out, in staff's words; one entry per way (the record forces it). */
const OPT_OUT_VIA: Record<OptOutVia, string> = {
  command: 'replied #stop',
  unsubscribe_link: 'unsubscribe link',
  complaint: 'marked a prompt as spam',
  unknown: 'how was not recorded',
};

/** "opted out of prompts and digests <when> (<how>)", for the pairing and programme pages. */
export function optedOut(o: { at: Date; via: OptOutVia }): SafeHtml {
  return html`<span class="opted-out"
    >${badge('opted out')} of prompts and digests ${when(o.at)} (${OPT_OUT_VIA[o.via]})</span
  >`;
}
