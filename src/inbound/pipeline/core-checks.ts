import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { ProgramsRepository } from '../../programs/programs.repository';
import { extractReply } from '../extraction';
import { MalformedEmailError, parseInbound } from '../parsing/parse-inbound';
import { SentTextLookup } from './sent-text.lookup';
import { rejected, type InboundCheck, type InboundContext } from './inbound-context';

export class MalformedCheck implements InboundCheck {
  readonly name = 'malformed';
  async run(ctx: InboundContext) {
    try {
      ctx.parsed = await parseInbound(ctx.row.raw ?? Buffer.alloc(0));
      return null;
    } catch (error) {
      if (error instanceof MalformedEmailError) return rejected('malformed', error.detail);
      throw error;
    }
  }
}

@Injectable()
export class TooLargeCheck implements InboundCheck {
  readonly name = 'too_large';
  constructor(private readonly config: AppConfig) {}
  run(ctx: InboundContext) {
    const limit = this.config.env.INBOUND_MAX_BYTES;
    return ctx.row.size > limit ? rejected('too_large', `${ctx.row.size} bytes > ${limit}`) : null;
  }
}

@Injectable()
export class RecipientCheck implements InboundCheck {
  readonly name = 'recipient';
  constructor(private readonly programs: ProgramsRepository) {}
  async run(ctx: InboundContext) {
    const found = await this.programs.findByRelayAddress(ctx.row.recipient, ctx.tx);
    if (!found) return rejected('unknown_recipient', ctx.row.recipient);
    ctx.found = found;
    if (found.pairing.status !== 'active') return rejected('pairing_not_active', found.pairing.status);
    return null;
  }
}

/** The author must be a member: From, and the envelope sender when there is one. */
export class SenderCheck implements InboundCheck {
  readonly name = 'sender';
  run(ctx: InboundContext) {
    const from = ctx.parsed!.from!;
    const author = ctx.found!.members.find((m) => m.emailAliases.includes(from) || m.email === from);
    if (!author) return rejected('unknown_sender', from);
    const envelope = ctx.row.envelopeFrom;
    if (envelope && !author.emailAliases.includes(envelope) && envelope !== author.email) {
      return rejected('unknown_sender', `envelope ${envelope} is not ${author.name}'s address`);
    }
    ctx.author = author;
    return null;
  }
}

@Injectable()
export class ExtractCheck implements InboundCheck {
  readonly name = 'empty';
  constructor(private readonly sentTexts: SentTextLookup) {}
  async run(ctx: InboundContext) {
    const parsed = ctx.parsed!;
    const sentTexts = await this.sentTexts.forReply(ctx.found!.pairing.id, parsed, ctx.tx);
    ctx.extracted = extractReply({ text: parsed.text, html: parsed.html, sentTexts });
    const hasAttachment = parsed.attachments.length > 0;
    if (!ctx.extracted.reply.trim() && !hasAttachment)
      return rejected('empty', 'no new text and no attachment');
    return null;
  }
}
