import { Injectable } from '@nestjs/common';
import type { InboundContext } from '../../inbound/pipeline/inbound-context';
import type { ReplyHook, ReplyHookResult } from '../../inbound/pipeline/reply-hooks';
import { findPrompt } from '../library/prompt-library';
import { CheckinService } from './checkin.service';
import { parsePick } from './pick-number';

/**
 * Replies in a video check-in's thread: a mentor's reply may propose times, a mentee's reply
 * starting with a number may pick one (see CheckinService). Registered after the command hook,
 * so "#skip" stays a command.
 */
@Injectable()
export class CheckinHook implements ReplyHook {
  readonly name = 'video-checkins';

  constructor(private readonly checkins: CheckinService) {}

  wants(ctx: InboundContext): boolean {
    return this.action(ctx) !== null;
  }

  async handle(ctx: InboundContext): Promise<ReplyHookResult | null> {
    const action = this.action(ctx);
    if (!action) return null;
    const reply = {
      tx: ctx.tx,
      inboundId: ctx.row.id,
      pairingPromptId: ctx.cited!.prompt!.id,
      found: ctx.found!,
      author: ctx.author!,
      text: ctx.extracted!.reply,
    };
    return action === 'propose' ? this.checkins.propose(reply) : this.checkins.pick(reply);
  }

  /** Decided from what the pipeline already read: the cited prompt, the author's role, the text. */
  private action(ctx: InboundContext): 'propose' | 'pick' | null {
    const { extracted, author, found, parsed, cited } = ctx;
    if (!extracted || !author || !found || !parsed || !cited?.prompt) return null;
    if (findPrompt(cited.prompt.promptKey)?.kind !== 'video-checkin') return null;
    // A vacation notice neither proposes nor picks.
    if (parsed.autoSubmitted && parsed.autoSubmitted.toLowerCase() !== 'no') return null;
    if (author.role === 'mentor') return 'propose';
    return parsePick(extracted.reply) ? 'pick' : null;
  }
}
