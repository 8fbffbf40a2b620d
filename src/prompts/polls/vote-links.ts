import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { CLOCK, type Clock } from '../clock';
import { signVoteToken } from './vote-token';

/** The ids a preview's sample links carry: valid signatures that name nobody, so they open an "invalid link" page. */
const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const SAMPLE_OPEN_MS = 7 * 86_400_000;

/** A poll as issued: enough to sign one link per option until it closes. */
export interface VotablePoll {
  id: string;
  pollOptions: readonly string[] | null;
  pollClosesAt: Date | null;
}

/**
 * One-tap vote links: `${PUBLIC_URL}/v/<signed token>`, one per option, valid until the poll
 * closes. PUBLIC_URL is used exactly as configured (a path prefix behind a proxy is kept).
 */
@Injectable()
export class VoteLinks {
  private readonly root: string;

  constructor(
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const url = config.env.PUBLIC_URL;
    this.root = url.endsWith('/') ? url.slice(0, -1) : url;
  }

  /** The poll's links for one participant, in option order; none for a poll that cannot be voted on. */
  forPoll(poll: VotablePoll, participantId: string): string[] | undefined {
    const closesAt = poll.pollClosesAt;
    if (!poll.pollOptions?.length || !closesAt) return undefined;
    return poll.pollOptions.map((_, optionIndex) =>
      this.url({ pairingPromptId: poll.id, participantId, optionIndex, expiresAt: closesAt }),
    );
  }

  /** What a preview shows: links of the real shape, host and length, signed for nobody. */
  samples(optionCount: number): string[] {
    const expiresAt = new Date(this.clock.now().getTime() + SAMPLE_OPEN_MS);
    return Array.from({ length: optionCount }, (_, optionIndex) =>
      this.url({ pairingPromptId: SAMPLE_ID, participantId: SAMPLE_ID, optionIndex, expiresAt }),
    );
  }

  private url(claim: Parameters<typeof signVoteToken>[1]): string {
    return `${this.root}/v/${signVoteToken(this.config.env.APP_SECRET, claim)}`;
  }
}
