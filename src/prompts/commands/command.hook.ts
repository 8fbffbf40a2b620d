import { Injectable } from '@nestjs/common';
import type { InboundContext } from '../../inbound/pipeline/inbound-context';
import type { ReplyHook, ReplyHookResult } from '../../inbound/pipeline/reply-hooks';
import { CommandService } from './command.service';
import { parseCommand } from './parse-command';

/**
 * Email commands on the first line of a reply. The command line is never relayed; a reply that
 * is only a command is recorded as accepted/command and goes no further.
 */
@Injectable()
export class CommandHook implements ReplyHook {
  readonly name = 'email-commands';

  constructor(private readonly commands: CommandService) {}

  wants(ctx: InboundContext): boolean {
    return this.command(ctx) !== null;
  }

  async handle(ctx: InboundContext): Promise<ReplyHookResult | null> {
    const cmd = this.command(ctx);
    if (!cmd) return null;
    const cited = ctx.cited?.prompt ?? null;
    const deliveries = await this.commands.apply(ctx.tx, ctx.author!, ctx.found!, cmd, ctx.row.id, cited);
    if (!cmd.rest)
      return { outcome: { status: 'accepted', reason: 'command', detail: cmd.command }, deliveries };
    return { newText: cmd.rest, deliveries };
  }

  private command(ctx: InboundContext) {
    const { extracted, author, found, parsed } = ctx;
    if (!extracted || !author || !found || !parsed) return null;
    // Automated mail (vacation replies quoting "#stop", list bots) never triggers a command. The
    // pipeline ignores most of it earlier; this guard keeps the rule true if that changes.
    if (parsed.autoSubmitted && parsed.autoSubmitted.toLowerCase() !== 'no') return null;
    return parseCommand(extracted.reply);
  }
}
