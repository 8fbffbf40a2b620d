import { Inject, Injectable } from '@nestjs/common';
import type { InboundContext } from '../../inbound/pipeline/inbound-context';
import type { ReplyHook, ReplyHookResult } from '../../inbound/pipeline/reply-hooks';
import { CLOCK, type Clock } from '../clock';
import { PairingPromptsRepository } from '../pairing-prompts.repository';
import { parseVote } from './parse-vote';

/**
 * A reply to a poll whose new text is one of its options is a vote: one per person, the last
 * counts, until the poll closes. It is recorded, not relayed; results appear in the digest.
 */
@Injectable()
export class PollHook implements ReplyHook {
  readonly name = 'poll-votes';

  constructor(
    private readonly repo: PairingPromptsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  wants(ctx: InboundContext): boolean {
    return this.vote(ctx) !== null;
  }

  async handle(ctx: InboundContext): Promise<ReplyHookResult | null> {
    const vote = this.vote(ctx);
    if (!vote) return null;
    await this.repo.upsertVote(vote, ctx.tx);
    return { outcome: { status: 'accepted', reason: 'poll_vote', detail: `option ${vote.optionIndex + 1}` } };
  }

  private vote(ctx: InboundContext) {
    const { extracted, author, cited } = ctx;
    if (!extracted || !author || !cited) return null;
    // The prompt of a cited thread came with the pipeline's own lookup: most replies cost nothing here.
    const poll = cited.prompt;
    if (!poll?.pollOptions || !poll.pollClosesAt) return null;
    const now = this.clock.now();
    if (now > poll.pollClosesAt) return null;
    const index = parseVote(extracted.reply, poll.pollOptions);
    if (index === null) return null;
    return { pairingPromptId: poll.id, participantId: author.id, optionIndex: index, votedAt: now };
  }
}
