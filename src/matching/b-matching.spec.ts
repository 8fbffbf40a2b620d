import { munkres } from 'munkres';
import { randomInstance, rng } from '../../test/factories/match-instance';
import { scoreTable, weightFor } from './assign';
import { solveBMatching, type CandidateGraph } from './b-matching';
import { resolveCriteria } from './criteria';

// The hand-written solver against the maintained Munkres package on the same problem (STYLE 15;
// the figures that made us keep ours are in the README, "Matching").

const now = new Date('2026-03-02T12:00:00Z');

/** Every feasible pair of a scored table as the solver's graph, with the objective's weights. */
function graphOf(table: number[][], capacity: number[], weightOf: (s: number) => number): CandidateGraph {
  const start = [0];
  const mentor: number[] = [];
  const weight: number[] = [];
  for (const row of table) {
    row.forEach((s, j) => {
      if (s > 0) {
        mentor.push(j);
        weight.push(weightOf(s));
      }
    });
    start.push(mentor.length);
  }
  return {
    menteeCount: table.length,
    mentorCount: capacity.length,
    capacity: Int32Array.from(capacity),
    start: Int32Array.from(start),
    mentor: Int32Array.from(mentor),
    weight: Float64Array.from(weight),
  };
}

/** The same optimum by Munkres: a row per mentor place, a column per mentee plus an "empty" column per place. */
function munkresOptimum(g: CandidateGraph): number {
  const places: number[] = [];
  g.capacity.forEach((c, j) => places.push(...Array<number>(c).fill(j)));
  const costs = places.map((j, p) => {
    const row = new Array<number>(g.menteeCount + places.length).fill(Infinity);
    for (let i = 0; i < g.menteeCount; i++) {
      for (let k = g.start[i]; k < g.start[i + 1]; k++) if (g.mentor[k] === j) row[i] = -g.weight[k];
    }
    row[g.menteeCount + p] = 0;
    return row;
  });
  return -munkres(costs).reduce((sum, [r, c]) => sum + costs[r][c], 0);
}

describe('solveBMatching against munkres', () => {
  it('reaches the same optimum on random programmes, both objectives', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const r = rng(seed);
      const { mentors, mentees } = randomInstance(seed, r.int(20, 90), r.int(5, 30));
      const objective = seed % 2 ? ('participation' as const) : ('score' as const);
      const criteria = resolveCriteria({ objective });
      const table = scoreTable({ mentors, mentees, criteria, now });
      const capacity = mentors.map((m) => m.capacity);
      const places = capacity.reduce((a, b) => a + b, 0);
      const graph = graphOf(table, capacity, weightFor(criteria, Math.min(mentees.length, places)));
      expect({ seed, total: solveBMatching(graph).total }).toEqual({ seed, total: munkresOptimum(graph) });
    }
  });
});
