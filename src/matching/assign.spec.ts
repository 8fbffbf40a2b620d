import { bruteForceBest } from '../../test/support/match-brute-force';
import { randomInstance, smallInstance } from '../../test/factories/match-instance';
import { assign, scoreTable, type Assignment } from './assign';
import { greedyAssign } from './greedy';
import type { MatchCriteria, MatchProfile, MentorProfile } from './match.types';
import { scorePair } from './score';

const now = new Date('2026-03-02T12:00:00Z');

/** Capacities, hard rules and forbidden pairs, checked pair by pair through the public scorer. */
function expectRulesHold(
  result: Assignment,
  mentors: MentorProfile[],
  mentees: MatchProfile[],
  criteria: Partial<MatchCriteria>,
  forbidden: { mentorId: string; menteeId: string }[],
) {
  const byId = new Map(mentors.map((m) => [m.id, m]));
  const menteeById = new Map(mentees.map((m) => [m.id, m]));
  const load = new Map<string, number>();
  const seen = new Set<string>();
  for (const pair of result.pairs) {
    expect(seen.has(pair.menteeId)).toBe(false);
    seen.add(pair.menteeId);
    load.set(pair.mentorId, (load.get(pair.mentorId) ?? 0) + 1);
    const banned = forbidden.some((f) => f.mentorId === pair.mentorId && f.menteeId === pair.menteeId);
    expect(banned).toBe(false);
    const checked = scorePair(byId.get(pair.mentorId)!, menteeById.get(pair.menteeId)!, criteria, { now });
    expect(checked.feasible).toBe(true);
    expect(checked.score).toBe(pair.score);
  }
  for (const [id, n] of load) expect(n).toBeLessThanOrEqual(byId.get(id)!.capacity);
  expect(seen.size + result.unmatchedMentees.length).toBe(mentees.length);
}

describe('assign against brute force', () => {
  it('holds every rule and reaches the optimum on 200 random instances up to 6 x 6', () => {
    let differentFromGreedy = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const { mentors, mentees, forbidden, objective } = smallInstance(seed);
      const criteria = { objective };
      const scores = scoreTable({ mentors, mentees, forbidden, criteria, now });
      const best = bruteForceBest(
        scores,
        mentors.map((m) => m.capacity),
        objective,
      );
      // A graph cut to one mentor per mentee and none per mentor: only the dual-price proof can
      // make this optimal, by putting left-out pairs back.
      for (const cut of [{}, { candidatesPerMentee: 1, candidatesPerMentor: 0 }]) {
        const result = assign({ mentors, mentees, forbidden, criteria, now, ...cut });
        expectRulesHold(result, mentors, mentees, criteria, forbidden);
        expect({ seed, matched: result.pairs.length, total: result.totalScore }).toEqual({
          seed,
          matched: best.matched,
          total: best.total,
        });
      }
      const greedy = greedyAssign({ mentors, mentees, forbidden, criteria, now }, 'first-come');
      if (greedy.totalScore !== best.total || greedy.matched !== best.matched) differentFromGreedy++;
    }
    // The instances are not trivial: a first-come pass misses the optimum on a good share of them.
    expect(differentFromGreedy).toBeGreaterThan(15);
  });

  it('matches the unpruned optimum on a 300 x 90 programme, and beats both greedy passes', () => {
    const { mentors, mentees } = randomInstance(7, 300, 90);
    const pruned = assign({ mentors, mentees, now });
    const whole = assign({ mentors, mentees, now, candidatesPerMentee: 90 });
    expect(whole.stats.candidateEdges).toBe(whole.stats.feasiblePairs);
    expect([pruned.pairs.length, pruned.totalScore]).toEqual([whole.pairs.length, whole.totalScore]);
    for (const kind of ['first-come', 'best-pair-first'] as const) {
      const greedy = greedyAssign({ mentors, mentees, now }, kind);
      expect(pruned.pairs.length).toBeGreaterThanOrEqual(greedy.matched);
      if (pruned.pairs.length === greedy.matched)
        expect(pruned.totalScore).toBeGreaterThanOrEqual(greedy.totalScore);
    }
    expectRulesHold(pruned, mentors, mentees, {}, []);
  });
});
