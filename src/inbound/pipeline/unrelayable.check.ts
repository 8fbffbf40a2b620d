import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { SES_RAW_LIMIT_BYTES } from '../../outbound/mime/size-budget';
import { relayHtml, relayText } from '../../outbound/relay/relay-body';
import type { AttachmentLimits } from '../checks';
import { headerBlock, megabytes, relayedBytesAtLeast, structureProblem } from '../checks/unrelayable';
import { parseInbound } from '../parsing/parse-inbound';
import { withoutLeadingJunk } from '../parsing/tolerant-intake';
import { decideAttachments, rejected, type InboundCheck, type InboundContext } from './inbound-context';

/**
 * Runs first, before the full parse: thousands of MIME parts, or a line of megabytes, cost the
 * parser and are nobody's email. Only the header block is read then, so a known sender can be
 * told (a notice).
 */
export class StructureLimitsCheck implements InboundCheck {
  readonly name = 'unrelayable';
  async run(ctx: InboundContext) {
    const raw = ctx.row.raw ?? Buffer.alloc(0);
    const over = structureProblem(raw);
    if (!over) return null;
    ctx.parsed = await parseInbound(headerBlock(withoutLeadingJunk(raw))).catch(() => undefined);
    // The pairing written to (if any), so the notice and the admin name it; nothing is relayed.
    ctx.found = ctx.recipientPairing ?? undefined;
    ctx.unrelayable = { sizeText: over.sizeText, limitText: over.limitText };
    return rejected('unrelayable', over.detail);
  }
}

/**
 * Runs last, on the text we would relay: when even its unencoded text, HTML and kept attachments
 * exceed the outbound limit, the relay would fail on every try, so the email is refused now,
 * with a notice, instead of being recorded as a message no partner can ever receive.
 */
@Injectable()
export class RelayedSizeCheck implements InboundCheck {
  readonly name = 'unrelayable';
  private readonly limits: AttachmentLimits;
  constructor(config: AppConfig) {
    this.limits = {
      maxFileBytes: config.env.ATTACHMENT_MAX_BYTES,
      maxTotalBytes: config.env.ATTACHMENTS_MAX_TOTAL_BYTES,
    };
  }

  run(ctx: InboundContext) {
    const { parsed, found, author, extracted } = ctx;
    if (!parsed || !found || !author || !extracted) return null;
    const footer = { partnerName: author.name, programmeName: found.programme.name };
    // The same decision the draft stores by (memoised on the context), so it is made once.
    const { kept } = decideAttachments(ctx, this.limits);
    const bytes = relayedBytesAtLeast(
      relayText(extracted.reply, footer),
      relayHtml(extracted.reply, footer),
      kept.map((a) => a.size),
    );
    if (bytes <= SES_RAW_LIMIT_BYTES) return null;
    ctx.unrelayable = { sizeText: megabytes(bytes), limitText: megabytes(SES_RAW_LIMIT_BYTES) };
    return rejected('unrelayable', `relayed copy at least ${bytes} bytes > ${SES_RAW_LIMIT_BYTES}`);
  }
}
