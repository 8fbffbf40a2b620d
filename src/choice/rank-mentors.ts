import { checkCapacity, resolveCriteria, ruleProblems } from '../matching/criteria';
import { describePair } from '../matching/explain';
import { MatchContext } from '../matching/match-context';
import type { MatchCriteria, MatchProfile, MentorProfile } from '../matching/match.types';
import { evaluatePair, makeScorer, PairFacts } from '../matching/pair-facts';

export interface RankedMentor {
  mentorId: string;
  score: number;
  explanation: string;
}

/** The profile problems MatchContext would refuse (a capacity out of range, a malformed preference). */
function problemsOf(person: MatchProfile, capacity?: number): string[] {
  return [
    ...(capacity === undefined ? [] : checkCapacity(person.id, capacity)),
    ...(person.preferences ?? []).flatMap(ruleProblems),
  ];
}

/**
 * Every mentee of one tick ranked against the same mentors: the profiles are prepared once into one
 * MatchContext (bitsets, UTC week masks), so ranking a mentee is one pass of `evaluatePair` over the
 * mentors, not a fresh preparation of every mentor per mentee (#14: 13 ms a mentee at 1,500 mentors).
 * A profile the engine refuses is left out and named in `refused`, so it cannot stop everyone else.
 */
export class MentorRanking {
  /** Ids of the people left out, and why. */
  readonly refused = new Map<string, string>();
  private readonly ctx: MatchContext;
  private readonly criteria: ReturnType<typeof resolveCriteria>;
  private readonly scorer: ReturnType<typeof makeScorer>;
  private readonly menteeIndex = new Map<string, number>();
  private readonly facts = new PairFacts();

  constructor(
    mentors: readonly MentorProfile[],
    mentees: readonly MatchProfile[],
    criteria: Partial<MatchCriteria>,
    now: Date,
  ) {
    const keep = <T extends MatchProfile>(people: readonly T[], capacity: (p: T) => number | undefined) =>
      people.filter((p) => {
        const problems = problemsOf(p, capacity(p));
        if (problems.length > 0) this.refused.set(p.id, problems.join('; '));
        return problems.length === 0;
      });
    const okMentors = keep(mentors, (m) => m.capacity);
    const okMentees = keep(mentees, () => undefined);
    this.criteria = resolveCriteria(criteria);
    this.ctx = new MatchContext(okMentors, okMentees, this.criteria.hardRules, now);
    this.scorer = makeScorer(this.criteria);
    okMentees.forEach((m, i) => this.menteeIndex.set(m.id, i));
  }

  /**
   * The mentee's best `count` mentors, feasible ones only, best score first (ties by the mentors'
   * order), skipping `skip` (suggested before, or "never again"); only the chosen few are explained.
   * Null for a mentee not in the ranking (refused, or not given).
   */
  rank(menteeId: string, skip: ReadonlySet<string>, count: number): RankedMentor[] | null {
    const i = this.menteeIndex.get(menteeId);
    if (i === undefined) return null;
    const mentee = this.ctx.mentees[i];
    const rules = this.ctx.programmeRules;
    // The best few kept in a small sorted array: no sort of every mentor per mentee.
    const best: { j: number; score: number }[] = [];
    this.ctx.mentors.forEach((mentor, j) => {
      const id = mentor.profile.id;
      if (id === menteeId || skip.has(id)) return;
      const score = this.scorer(evaluatePair(mentor, mentee, rules, this.facts));
      if (score <= 0) return;
      if (best.length === count && score <= best[count - 1].score) return;
      let at = best.length;
      while (at > 0 && best[at - 1].score < score) at--;
      best.splice(at, 0, { j, score });
      if (best.length > count) best.pop();
    });
    return best.map(({ j, score }) => ({
      mentorId: this.ctx.mentors[j].profile.id,
      score,
      explanation: describePair(this.ctx, this.criteria, j, i).explanation,
    }));
  }
}

/** One mentee's best mentors among `mentors` (who all have a free place): a ranking of one. */
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
  return new MentorRanking(open, [mentee], criteria, now).rank(mentee.id, skip, count) ?? [];
}
