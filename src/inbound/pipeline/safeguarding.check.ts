import { contactFilterOn } from '../../programs/entities/programme.entity';
import { describeFindings, findContactDetails } from '../checks/contact-details';
import { linkTargets } from '../checks/link-targets';
import { held, releasedFrom, type InboundCheck, type InboundContext } from './inbound-context';

/** What staff approved in the moderation queue: relayed as is, or with their edit. */
interface ModerationMeta {
  moderatedText?: unknown;
  moderatedSubject?: unknown;
}

/**
 * Youth programmes (or any programme whose staff turned the filter on): a message whose new text,
 * subject or link targets carry contact details or a flagged word, or that carries a file, is held
 * for the moderation queue. Staff's
 * approval releases it past this check only; an edit replaces the text that is relayed, and the
 * subject a new thread takes.
 */
export class SafeguardingCheck implements InboundCheck {
  readonly name = 'safeguarding';
  run(ctx: InboundContext) {
    const { found, extracted } = ctx;
    if (!found || !extracted) return null;
    if (releasedFrom(ctx.row, 'safeguarding')) {
      const meta = ctx.row.transportMeta as ModerationMeta | null;
      // Staff's words, as plain text: the author's HTML would carry the original back.
      if (typeof meta?.moderatedText === 'string')
        ctx.extracted = { ...extracted, reply: meta.moderatedText, html: undefined };
      // A new thread is named by the email's subject, which staff may have edited too.
      if (typeof meta?.moderatedSubject === 'string' && ctx.parsed)
        ctx.parsed = { ...ctx.parsed, subject: meta.moderatedSubject };
      return null;
    }
    const programme = found.programme;
    if (!contactFilterOn(programme)) return null;
    const rules = { allow: programme.contactAllow ?? [], keywords: programme.filterKeywords ?? [] };
    // Where the relayed copy's links lead, not only what they say: "Message me here" can be wa.me.
    const findings = [
      ...findContactDetails(`${ctx.parsed?.subject ?? ''}\n${extracted.reply}`, rules),
      ...findContactDetails(linkTargets(extracted.html ?? '').join('\n'), rules),
    ];
    // A file can carry anything a text can (a photo of a phone number, a PDF with a handle) and is
    // not read here: every one waits for staff, who see the files' names on the review page.
    if (ctx.parsed?.attachments.length) findings.push({ kind: 'attachment', text: '' });
    return findings.length ? held('safeguarding', `held for review: ${describeFindings(findings)}`) : null;
  }
}
