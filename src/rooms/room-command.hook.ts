import { Injectable } from '@nestjs/common';
import type { InboundContext } from '../inbound/pipeline/inbound-context';
import type { ReplyHook, ReplyHookResult } from '../inbound/pipeline/reply-hooks';
import { parseRoomCommand } from './parse-room-command';
import { RoomsService } from './rooms.service';

/**
 * `#join <topic>` / `#leave <topic>` in a reply to any relay address (a pairing, a circle, a
 * room), and `#leave` alone in a reply to a room: never relayed, answered from the person's desk.
 * A circle's own `#leave` stays CircleCommandHook's.
 */
@Injectable()
export class RoomCommandHook implements ReplyHook {
  readonly name = 'room-commands';

  constructor(private readonly rooms: RoomsService) {}

  wants(ctx: InboundContext): boolean {
    return this.command(ctx) !== null;
  }

  async handle(ctx: InboundContext): Promise<ReplyHookResult | null> {
    const cmd = this.command(ctx);
    if (!cmd) return null;
    const found = ctx.found!;
    const result = await this.rooms.command(
      ctx.tx,
      found.programme,
      ctx.author!,
      cmd,
      ctx.row.id,
      found.pairing,
    );
    return result;
  }

  private command(ctx: InboundContext) {
    const { extracted, author, found, parsed } = ctx;
    if (!extracted || !author || !found || !parsed) return null;
    // Automated mail quoting "#join" never acts (see CommandHook).
    if (parsed.autoSubmitted && parsed.autoSubmitted.toLowerCase() !== 'no') return null;
    const cmd = parseRoomCommand(extracted.reply);
    if (!cmd || (cmd.topic === null && found.pairing.kind !== 'room')) return null;
    return cmd;
  }
}
