import { Inject, Injectable } from '@nestjs/common';
import type { CitedPrompt } from '../../conversations/conversations.repository';
import type { InboundContext } from '../../inbound/pipeline/inbound-context';
import type { ReplyHookResult } from '../../inbound/pipeline/reply-hooks';
import { NoticePolicyService } from '../../notices/notice-policy.service';
import { CLOCK, type Clock } from '../clock';
import { PairingPromptsRepository } from '../pairing-prompts.repository';
import { formatLocal, isValidZone } from '../schedule/local-time';
import { ReplyDayService } from '../schedule/reply-day.service';
import { parseVote } from './parse-vote';
import { VoteLinks } from './vote-links';

/** A poll as a reply cites it: open or closed, with its options. */
export type CitedPoll = CitedPrompt & { pollOptions: string[] };

/**
 * Votes, by reply and (see VoteLinkService) by link. A reply to a poll is never relayed: the poll
 * promises that only programme staff see an individual answer, and a comment written under the
 * vote is part of that answer. One vote per person and poll; the last counts until it closes.
 */
@Injectable()
export class PollVotesService {
  constructor(
    private readonly repo: PairingPromptsRepository,
    private readonly notices: NoticePolicyService,
    private readonly voteLinks: VoteLinks,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly replyDay: ReplyDayService,
  ) {}

  /** The poll a reply answers, decided from what the pipeline already read (no query). */
  static citedPoll(ctx: InboundContext): CitedPoll | null {
    const poll = ctx.cited?.prompt;
    if (!ctx.extracted || !ctx.author || !poll?.pollOptions?.length) return null;
    return poll as CitedPoll;
  }

  /** Counts the reply's vote, or tells its author why nothing was counted; never relays it. */
  async fromReply(ctx: InboundContext, poll: CitedPoll): Promise<ReplyHookResult> {
    const now = this.clock.now();
    const author = ctx.author!;
    if (!poll.pollClosesAt || now > poll.pollClosesAt) {
      const zone = isValidZone(author.timeZone) ? author.timeZone : 'UTC';
      return this.notCounted(ctx, poll, 'closed', {
        closedOnText: poll.pollClosesAt
          ? formatLocal(poll.pollClosesAt, zone, author.locale)
          : 'its last day',
      });
    }
    const answer = parseVote(ctx.extracted!.reply, poll.pollOptions);
    if (!answer) return this.notCounted(ctx, poll, 'no-vote', {});
    await this.repo.upsertVote(
      {
        pairingPromptId: poll.id,
        participantId: author.id,
        optionIndex: answer.optionIndex,
        comment: answer.comment,
        votedAt: now,
      },
      ctx.tx,
    );
    const change = await this.replyDay.applyVote(
      {
        participantId: author.id,
        promptKey: poll.promptKey,
        optionLabel: poll.pollOptions[answer.optionIndex],
      },
      now,
      ctx.tx,
    );
    const detail = `option ${answer.optionIndex + 1}${answer.comment ? ', with a comment for staff' : ''}${change ? `; prompts on ${change.day}s` : ''}`;
    const outcome = { status: 'accepted' as const, reason: 'poll_vote' as const, detail };
    if (!change) return { outcome };
    // A vote that moves the voter's prompts is confirmed, saying the day and the next prompt's time.
    const zone = isValidZone(author.timeZone) ? author.timeZone : 'UTC';
    const off = author.promptsStoppedAt
      ? 'stopped'
      : author.pausedUntil && author.pausedUntil > now
        ? 'paused'
        : null;
    const deliveries = await this.notices.forReplyDay(ctx, {
      dayText: change.day,
      ...(off ? { promptsOff: off } : {}),
      ...(change.nextAt && !off ? { nextPromptText: formatLocal(change.nextAt, zone, author.locale) } : {}),
      closesOnText: formatLocal(poll.pollClosesAt, zone, author.locale),
    });
    return { outcome, deliveries };
  }

  private async notCounted(
    ctx: InboundContext,
    poll: CitedPoll,
    reason: 'closed' | 'no-vote',
    extra: { closedOnText?: string },
  ): Promise<ReplyHookResult> {
    const issued = await this.repo.findById(poll.id, ctx.tx);
    const links = this.voteLinks.forPoll(poll, ctx.author!.id);
    const deliveries = await this.notices.forPollNotCounted(ctx, {
      pollTitle: issued?.title ?? 'this poll',
      reason,
      // While the poll is open the notice's options are one-tap links, as in the poll itself.
      options: poll.pollOptions.map((label, i) => ({
        label,
        voteUrl: reason === 'no-vote' ? links?.[i] : undefined,
      })),
      ...extra,
    });
    const detail = reason === 'closed' ? 'the poll had closed' : 'no option on the first line';
    return { outcome: { status: 'rejected', reason: 'poll_not_counted', detail }, deliveries };
  }
}
