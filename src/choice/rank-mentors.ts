import { resolveCriteria } from '../matching/criteria';
import { describePair } from '../matching/explain';
import { MatchContext } from '../matching/match-context';
import type { MatchCriteria, MatchProfile, MentorProfile } from '../matching/match.types';
import { evaluatePair, makeScorer, PairFacts } from '../matching/pair-facts';

export interface RankedMentor {
  mentorId: string;
  score: number;
  explanation: string;
}

/**
 * A mentee's best mentors among `mentors` (who all have a free place), feasible ones only, best
 * score first (ties by the order given), skipping `skip` (suggested before, or "never again").
 * One MatchContext for the mentee and every mentor; only the chosen few are explained.
 */
export function rankMentors(
  mentee: MatchProfile,
  mentors: readonly MentorProfile[],
  criteria: Partial<MatchCriteria>,
  skip: ReadonlySet<string>,
  count: number,
  now: Date,
): RankedMentor[] {
  const open = mentors.filter((m) => !skip.has(m.id) && m.id !== mentee.id);
  if (open.length === 0) return [];
  const resolved = resolveCriteria(criteria);
  const ctx = new MatchContext(open, [mentee], resolved.hardRules, now);
  const scorer = makeScorer(resolved);
  const facts = new PairFacts();
  const scored = open
    .map((m, j) => ({
      j,
      score: scorer(evaluatePair(ctx.mentors[j], ctx.mentees[0], ctx.programmeRules, facts)),
    }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.j - b.j)
    .slice(0, count);
  return scored.map(({ j, score }) => ({
    mentorId: open[j].id,
    score,
    explanation: describePair(ctx, resolved, j, 0).explanation,
  }));
}
