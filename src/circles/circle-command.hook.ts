import { Injectable } from '@nestjs/common';
import type { InboundContext } from '../inbound/pipeline/inbound-context';
import type { ReplyHook, ReplyHookResult } from '../inbound/pipeline/reply-hooks';
import { CirclesService } from './circles.service';
import { parseCircleCommand } from './parse-circle-command';

/**
 * `#leave`, `#mute <name>` and `#unmute <name>` in a reply to a circle: never relayed (a mute
 * named in front of the whole circle would defeat it); the reply is recorded as the command.
 */
@Injectable()
export class CircleCommandHook implements ReplyHook {
  readonly name = 'circle-commands';

  constructor(private readonly circles: CirclesService) {}

  wants(ctx: InboundContext): boolean {
    return this.command(ctx) !== null;
  }

  async handle(ctx: InboundContext): Promise<ReplyHookResult | null> {
    const cmd = this.command(ctx);
    if (!cmd) return null;
    const found = ctx.found!;
    const author = ctx.author!;
    const result =
      cmd.command === 'leave'
        ? await this.circles.leave(ctx.tx, found, author, ctx.row.id)
        : await this.circles.muteByName(ctx.tx, found, author, cmd.name, cmd.command === 'mute', ctx.row.id);
    const reason = cmd.command === 'leave' ? 'circle_left' : 'circle_mute';
    return { outcome: { status: 'accepted', reason, detail: result.detail }, deliveries: result.deliveries };
  }

  private command(ctx: InboundContext) {
    const { extracted, author, found, parsed } = ctx;
    if (!extracted || !author || !found || !parsed || found.pairing.kind !== 'circle') return null;
    // Automated mail quoting "#leave" never acts (see CommandHook).
    if (parsed.autoSubmitted && parsed.autoSubmitted.toLowerCase() !== 'no') return null;
    return parseCircleCommand(extracted.reply);
  }
}
