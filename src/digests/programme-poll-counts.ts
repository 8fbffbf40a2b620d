import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../prompts/clock';
import { DigestRepository } from './digest.repository';

/**
 * How long a worker reuses a poll's programme-wide counts. A digest run asks for the same poll
 * once per recipient, and the counts read every vote of that poll in the programme: measured with
 * 4,000 pairings (8,000 votes), reading them takes 3 to 11 ms, and inside each digest's own query
 * they made it 9.3 ms instead of 0.9 ms. Counts a few minutes old are as true as a weekly digest needs.
 */
export const PROGRAMME_COUNTS_MAX_AGE_MS = 5 * 60_000;

interface Entry {
  readAt: number;
  counts: Promise<number[]>;
}

/** Programme-wide poll counts, read once per poll and worker every few minutes. */
@Injectable()
export class ProgrammePollCounts {
  private readonly memo = new Map<string, Entry>();

  constructor(
    private readonly repo: DigestRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  counts(programmeId: string, promptKey: string, week: number): Promise<number[]> {
    const now = this.clock.now().getTime();
    const key = `${programmeId} ${promptKey} ${week}`;
    const cached = this.memo.get(key);
    if (cached && now - cached.readAt < PROGRAMME_COUNTS_MAX_AGE_MS) return cached.counts;
    for (const [k, e] of this.memo) if (now - e.readAt >= PROGRAMME_COUNTS_MAX_AGE_MS) this.memo.delete(k);
    // The promise is kept, so digests built at the same moment share one read; a failed read is not.
    const counts = this.repo.programmePollCounts(programmeId, promptKey, week);
    this.memo.set(key, { readAt: now, counts });
    counts.catch(() => this.memo.delete(key));
    return counts;
  }
}
