import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Transactor } from '../../database/transactor';
import { nameOthersSee } from '../../programs/participant-names';
import { ProgramsRepository } from '../../programs/programs.repository';
import { CLOCK, type Clock } from '../clock';
import type { PollVote } from '../entities/poll-vote.entity';
import { PairingPromptsRepository } from '../pairing-prompts.repository';
import { formatLocal, isValidZone } from '../schedule/local-time';
import { ReplyDayService } from '../schedule/reply-day.service';
import { verifyVoteToken } from './vote-token';

/** What a vote page shows: the person, the poll, the chosen option and until when it can change. */
export interface VoteBallot {
  name: string;
  partnerName: string;
  /** A circle's poll: the page promises the circle counts only. */
  circleName?: string;
  pollTitle: string;
  optionLabel: string;
  closesOnText: string;
}

/**
 * What became of a vote link: `invalid` (not ours, altered, or naming no current member or
 * option), `closed` (the poll or the link expired), `ready` (GET: nothing recorded yet) or
 * `recorded` (POST: the vote is in).
 */
export type VoteLinkResult =
  | { state: 'invalid' }
  | { state: 'closed'; pollTitle: string; closedOnText: string }
  | { state: 'ready'; ballot: VoteBallot }
  | { state: 'recorded'; ballot: VoteBallot; replyDay?: ReplyDayText };

/** The "best reply day" poll's effect, as the recorded page states it. */
export interface ReplyDayText {
  day: string;
  /** The next prompt's new time in the voter's zone, when the vote moved it. */
  nextOnText: string | null;
}

/**
 * One-tap votes from the poll email. The signed token is the whole authorisation (no login), so a
 * GET only describes: mail scanners fetch every link. Only the POST of the page's button votes,
 * with the same upsert as a vote by reply: one vote per person and poll, the last counts.
 */
@Injectable()
export class VoteLinkService {
  constructor(
    private readonly config: AppConfig,
    private readonly prompts: PairingPromptsRepository,
    private readonly programs: ProgramsRepository,
    private readonly transactor: Transactor,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly replyDay: ReplyDayService,
  ) {}

  /** Reads only. */
  async describe(token: string): Promise<VoteLinkResult> {
    return (await this.read(token)).result;
  }

  async record(token: string): Promise<VoteLinkResult> {
    const { result, vote, promptKey, voter } = await this.read(token);
    if (result.state !== 'ready' || !vote || !voter || !promptKey) return result;
    const change = await this.transactor.run(async (tx) => {
      await this.prompts.upsertVote({ ...vote, comment: null }, tx);
      const choice = { participantId: vote.participantId, promptKey, optionLabel: result.ballot.optionLabel };
      return this.replyDay.applyVote(choice, vote.votedAt, tx);
    });
    const replyDay = change && {
      day: change.day,
      nextOnText: change.nextAt ? formatLocal(change.nextAt, voter.zone, voter.locale) : null,
    };
    return { state: 'recorded', ballot: result.ballot, ...(replyDay ? { replyDay } : {}) };
  }

  /** What the link names, and the vote a POST would record (only while the poll is open). */
  private async read(token: string): Promise<{
    result: VoteLinkResult;
    vote: Omit<PollVote, 'comment'> | null;
    promptKey?: string;
    voter?: { zone: string; locale: string };
  }> {
    const invalid = { result: { state: 'invalid' as const }, vote: null };
    const claim = verifyVoteToken(this.config.env.APP_SECRET, token);
    const poll = claim && (await this.prompts.findById(claim.pairingPromptId));
    if (!claim || !poll?.pollOptions || claim.optionIndex >= poll.pollOptions.length) return invalid;
    const found = await this.programs.findPairing(poll.pairingId);
    const me = found?.members.find((m) => m.id === claim.participantId);
    if (!found || !me) return invalid;

    const now = this.clock.now();
    const closesAt =
      poll.pollClosesAt && poll.pollClosesAt < claim.expiresAt ? poll.pollClosesAt : claim.expiresAt;
    const zone = isValidZone(me.timeZone) ? me.timeZone : 'UTC';
    const closesOnText = formatLocal(closesAt, zone, me.locale);
    if (!poll.pollClosesAt || now > closesAt) {
      return { result: { state: 'closed', pollTitle: poll.title, closedOnText: closesOnText }, vote: null };
    }
    const circleName =
      found.pairing.kind === 'circle' ? (found.pairing.name ?? found.programme.name) : undefined;
    const ballot: VoteBallot = {
      name: me.name,
      // A circle's members are not listed on the page: the circle is named instead.
      partnerName:
        circleName ??
        (found.members
          .filter((m) => m.id !== me.id)
          .map(nameOthersSee)
          .join(' and ') ||
          'your partner'),
      circleName,
      pollTitle: poll.title,
      optionLabel: poll.pollOptions[claim.optionIndex],
      closesOnText,
    };
    return {
      result: { state: 'ready', ballot },
      vote: { pairingPromptId: poll.id, participantId: me.id, optionIndex: claim.optionIndex, votedAt: now },
      promptKey: poll.promptKey,
      voter: { zone, locale: me.locale },
    };
  }
}
