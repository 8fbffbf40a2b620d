import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { OffloadService } from '../../offload/offload.service';
import { commandInSubject } from '../../prompts/commands/parse-command';
import { MalformedEmailError } from '../parsing/parse-inbound';
import { readUnreadableHeaders, unreadableSender } from '../parsing/unreadable';
import { rejected, type InboundCheck, type InboundContext } from './inbound-context';

/**
 * An email we cannot parse is refused; what its header block still says (From, Subject) is kept
 * on the context, with the recipient's pairing, so a member who sent it can be told.
 */
@Injectable()
export class MalformedCheck implements InboundCheck {
  readonly name = 'malformed';
  constructor(private readonly offload: OffloadService) {}

  async run(ctx: InboundContext) {
    const raw = ctx.row.raw ?? Buffer.alloc(0);
    try {
      ctx.parsed = await this.offload.run('parseInbound', raw);
      return null;
    } catch (error) {
      if (!(error instanceof MalformedEmailError)) throw error;
      const { fromAddresses, ...headers } = await readUnreadableHeaders(raw);
      const members = ctx.recipientPairing?.members ?? [];
      const sender = unreadableSender({ fromAddresses }, ctx.row.envelopeFrom, members);
      ctx.unreadable = { ...headers, problem: error.problem, sender };
      ctx.found = ctx.recipientPairing ?? undefined;
      return rejected('malformed', error.detail);
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

export class RecipientCheck implements InboundCheck {
  readonly name = 'recipient';
  run(ctx: InboundContext) {
    const found = ctx.recipientPairing;
    if (!found) return rejected('unknown_recipient', ctx.row.recipient);
    ctx.found = found;
    // A paused pairing's mail goes on through every check and then waits (PausedPairingCheck).
    if (found.pairing.status === 'ended') return rejected('pairing_not_active', found.pairing.status);
    return null;
  }
}

/**
 * The author must be a member: From, and the envelope sender whenever the door knew it. The null
 * sender ('') is nobody's address (BounceCheck stops such mail first; this holds the line anyway);
 * null means no envelope is known (the CLI), and then From alone decides.
 */
export class SenderCheck implements InboundCheck {
  readonly name = 'sender';
  run(ctx: InboundContext) {
    // EmptyRoomWriterCheck took a person of the programme writing to a room nobody is in.
    if (ctx.author && ctx.found!.pairing.kind === 'room' && ctx.found!.members.length === 0) return null;
    const from = ctx.parsed!.from!;
    const author = ctx.found!.members.find((m) => m.emailAliases.includes(from) || m.email === from);
    if (!author) return rejected('unknown_sender', from);
    const envelope = ctx.row.envelopeFrom;
    if (envelope !== null && !author.emailAliases.includes(envelope) && envelope !== author.email) {
      return rejected('unknown_sender', `envelope <${envelope}> is not ${author.name}'s address`);
    }
    ctx.author = author;
    return null;
  }
}

/** Runs once the pipeline has read what the reply cites (`ctx.cited`, one query per batch). */
@Injectable()
export class ExtractCheck implements InboundCheck {
  readonly name = 'empty';
  readonly needsCited = true;
  constructor(private readonly offload: OffloadService) {}

  async run(ctx: InboundContext) {
    const parsed = ctx.parsed!;
    ctx.extracted = await this.offload.run('extractReply', {
      text: parsed.text,
      html: parsed.html,
      sentTexts: ctx.cited!.sentTexts,
      subject: parsed.subject,
    });
    const hasAttachment = parsed.attachments.length > 0;
    if (ctx.extracted.reply.trim() || hasAttachment) return null;
    const command = commandInSubject(parsed.subject);
    if (!command) return rejected('empty', 'no new text and no attachment');
    // The subject is the reply's only words: the command hook reads them from here.
    const { html: _none, ...text } = ctx.extracted;
    ctx.extracted = { ...text, reply: command };
    return null;
  }
}
