import { indexForbidden, type AssignInput } from './assign';
import { scoreMatrix, type ScoreMatrix } from './candidates';
import { resolveCriteria } from './criteria';
import { MatchContext } from './match-context';
import { makeScorer } from './pair-facts';

// Greedy passes, for comparison only (`npm run bench -- matching`, and the property tests): what a
// programme gets without a global solver. Both respect capacities, hard rules and forbidden pairs.

export type GreedyKind = 'first-come' | 'best-pair-first';

export interface GreedyResult {
  mentorOf: Int32Array;
  totalScore: number;
  matched: number;
}

/** Mentees in sign-up order, each taking its best mentor who still has room. */
export function firstCome(matrix: ScoreMatrix, capacity: Int32Array): GreedyResult {
  const { menteeCount: n, mentorCount: m, scores } = matrix;
  const room = Int32Array.from(capacity);
  const mentorOf = new Int32Array(n).fill(-1);
  let totalScore = 0;
  let matched = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    for (let j = 0, k = i * m; j < m; j++, k++) {
      if (room[j] > 0 && scores[k] > 0 && (best === -1 || scores[k] > scores[i * m + best])) best = j;
    }
    if (best === -1) continue;
    mentorOf[i] = best;
    room[best]--;
    totalScore += scores[i * m + best];
    matched++;
  }
  return { mentorOf, totalScore, matched };
}

/** All pairs from the best score down, each taken if both sides still have room. */
export function bestPairFirst(matrix: ScoreMatrix, capacity: Int32Array): GreedyResult {
  const { menteeCount: n, mentorCount: m, scores } = matrix;
  // Counting sort by score: pair indices grouped by score, each group in pair order.
  const start = new Int32Array(102);
  for (let k = 0; k < scores.length; k++) if (scores[k] > 0) start[scores[k] + 1]++;
  for (let s = 1; s < 102; s++) start[s] += start[s - 1];
  const order = new Int32Array(start[101]);
  const fill = Int32Array.from(start);
  for (let k = 0; k < scores.length; k++) if (scores[k] > 0) order[fill[scores[k]]++] = k;
  const room = Int32Array.from(capacity);
  const mentorOf = new Int32Array(n).fill(-1);
  let totalScore = 0;
  let matched = 0;
  for (let s = 100; s >= 1; s--) {
    for (let p = start[s]; p < start[s + 1]; p++) {
      const k = order[p];
      const i = Math.floor(k / m);
      const j = k - i * m;
      if (mentorOf[i] !== -1 || room[j] === 0) continue;
      mentorOf[i] = j;
      room[j]--;
      totalScore += s;
      matched++;
    }
  }
  return { mentorOf, totalScore, matched };
}

export function greedyAssign(input: AssignInput, kind: GreedyKind): GreedyResult {
  const criteria = resolveCriteria(input.criteria);
  const ctx = new MatchContext(input.mentors, input.mentees, criteria.hardRules, input.now);
  const matrix = scoreMatrix(ctx, makeScorer(criteria), indexForbidden(ctx, input.forbidden ?? []));
  return kind === 'first-come' ? firstCome(matrix, ctx.capacity) : bestPairFirst(matrix, ctx.capacity);
}
