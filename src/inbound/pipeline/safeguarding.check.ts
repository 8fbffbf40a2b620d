import { contactFilterOn } from '../../programs/entities/programme.entity';
import { describeFindings, findContactDetails } from '../checks/contact-details';
import { held, releasedFrom, type InboundCheck, type InboundContext } from './inbound-context';

/** What staff approved in the moderation queue: relayed as is, or with their edit. */
interface ModerationMeta {
  moderatedText?: unknown;
}

/**
 * Youth programmes (or any programme whose staff turned the filter on): a message whose new text
 * or subject carries contact details or a flagged word is held for the moderation queue. Staff's
 * approval releases it past this check only; an edit replaces the text that is relayed.
 */
export class SafeguardingCheck implements InboundCheck {
  readonly name = 'safeguarding';
  run(ctx: InboundContext) {
    const { found, extracted } = ctx;
    if (!found || !extracted) return null;
    if (releasedFrom(ctx.row, 'safeguarding')) {
      const edited = (ctx.row.transportMeta as ModerationMeta | null)?.moderatedText;
      // Staff's words, as plain text: the author's HTML would carry the original back.
      if (typeof edited === 'string') ctx.extracted = { ...extracted, reply: edited, html: undefined };
      return null;
    }
    const programme = found.programme;
    if (!contactFilterOn(programme)) return null;
    const rules = { allow: programme.contactAllow ?? [], keywords: programme.filterKeywords ?? [] };
    const findings = findContactDetails(`${ctx.parsed?.subject ?? ''}\n${extracted.reply}`, rules);
    return findings.length ? held('safeguarding', `held for review: ${describeFindings(findings)}`) : null;
  }
}
