import type { EarlierMessage } from '../../conversations/conversations.repository';
import type { ParsedInbound } from '../parsing/parse-inbound';
import { ignored, type InboundCheck, type InboundContext } from './inbound-context';

/**
 * One email delivered twice is relayed once. Intake already drops the same bytes, or the same
 * SES message id, received again; this catches a copy whose bytes differ only in the headers
 * servers add on the way: SES gives a sending server's retry (its answer to the first attempt was
 * lost) a new message id, and a front MTA writes a new Received line. Such a copy has the author's
 * Message-ID and the same text as the message recorded from the first (`ctx.cited.earlier`, read
 * with what the reply cites, or an email earlier in the same batch). It runs after the
 * authentication check, so only mail that passed it can be taken for a copy: a forged email that
 * reused someone's Message-ID never suppresses the genuine one. The text must match too, because a
 * client may reuse a Message-ID when its author edits and sends again.
 */
export class DuplicateCheck implements InboundCheck {
  readonly name = 'duplicate';
  readonly needsCited = true;

  run(ctx: InboundContext) {
    const earlier = ctx.cited!.earlier;
    if (!earlier || earlier.inboundEmailId === ctx.row.id || !sameContent(ctx.parsed!, earlier)) return null;
    return {
      ...ignored(
        'duplicate',
        `a second delivery of ${earlier.inboundEmailId} (the same Message-ID and text from the same author)`,
      ),
      duplicateOf: earlier.inboundEmailId,
    };
  }
}

/** What a message of this email would record as its text and HTML, for comparison with an earlier one. */
export function contentOf(inboundEmailId: string, parsed: ParsedInbound): EarlierMessage {
  return { inboundEmailId, fullText: parsed.text ?? '', html: parsed.html ?? null };
}

function sameContent(parsed: ParsedInbound, earlier: EarlierMessage): boolean {
  const mine = contentOf('', parsed);
  return mine.fullText === earlier.fullText && mine.html === earlier.html;
}

/**
 * Two copies of one email in the same batch: neither is recorded yet, so the later ones are given
 * the first as their earlier message (`ctx.cited` must be read already).
 */
export function markCopiesInBatch(contexts: readonly InboundContext[]): void {
  const firstOf = new Map<string, InboundContext>();
  for (const ctx of contexts) {
    if (!ctx.parsed!.messageId || !ctx.author) continue;
    const key = `${ctx.found!.pairing.id} ${ctx.author.id} ${ctx.parsed!.messageId}`;
    const first = firstOf.get(key);
    if (!first) firstOf.set(key, ctx);
    else ctx.cited!.earlier ??= contentOf(first.row.id, first.parsed!);
  }
}
