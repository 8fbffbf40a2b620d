import { resolveCriteria } from './criteria';
import { describePair } from './explain';
import { MatchContext } from './match-context';
import type { MatchCriteria, MatchProfile, MentorProfile, PairScore } from './match.types';

export interface ScoreOptions {
  /** The instant whose UTC offsets count (daylight saving); injected, never read from the clock here. */
  now: Date;
  /** This pair was closed with "never pair these two again". */
  forbidden?: boolean;
}

/** One mentor and one mentee: feasible or not, a score from 1 to 100, and why in plain words. */
export function scorePair(
  mentor: MentorProfile,
  mentee: MatchProfile,
  criteria: Partial<MatchCriteria>,
  options: ScoreOptions,
): PairScore {
  const resolved = resolveCriteria(criteria);
  const ctx = new MatchContext([mentor], [mentee], resolved.hardRules, options.now);
  return describePair(ctx, resolved, 0, 0, options.forbidden ?? false);
}
