import { Injectable } from '@nestjs/common';
import type { InboundContext } from '../../inbound/pipeline/inbound-context';
import type { ReplyHook, ReplyHookResult } from '../../inbound/pipeline/reply-hooks';
import { PollVotesService } from './poll-votes.service';

/**
 * Every reply to a poll ends here, open or closed, vote or not: it is counted (with its comment,
 * for staff) or answered with a notice, and never relayed to the partner. Registered after the
 * command hook, so "#pause" on the first line still works as a command.
 */
@Injectable()
export class PollHook implements ReplyHook {
  readonly name = 'poll-votes';

  constructor(private readonly votes: PollVotesService) {}

  wants(ctx: InboundContext): boolean {
    return PollVotesService.citedPoll(ctx) !== null;
  }

  async handle(ctx: InboundContext): Promise<ReplyHookResult | null> {
    const poll = PollVotesService.citedPoll(ctx);
    return poll ? this.votes.fromReply(ctx, poll) : null;
  }
}
