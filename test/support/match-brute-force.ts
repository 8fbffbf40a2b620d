import type { MatchObjective } from '../../src/matching/match.types';

export interface BruteForceBest {
  matched: number;
  total: number;
}

/**
 * The best assignment by trying every one: each mentee takes one of the mentors that fit and still
 * have room, or nobody. `scores[i][j]` is 0 when mentee i may not meet mentor j. For the property
 * tests only (7^6 = 117,649 leaves at 6 x 6).
 */
export function bruteForceBest(
  scores: number[][],
  capacity: number[],
  objective: MatchObjective,
): BruteForceBest {
  const room = [...capacity];
  let best: BruteForceBest = { matched: 0, total: 0 };
  const better = (a: BruteForceBest, b: BruteForceBest) =>
    objective === 'participation'
      ? a.matched > b.matched || (a.matched === b.matched && a.total > b.total)
      : a.total > b.total;
  const visit = (i: number, matched: number, total: number) => {
    if (i === scores.length) {
      if (better({ matched, total }, best)) best = { matched, total };
      return;
    }
    visit(i + 1, matched, total);
    for (let j = 0; j < room.length; j++) {
      if (scores[i][j] === 0 || room[j] === 0) continue;
      room[j]--;
      visit(i + 1, matched + 1, total + scores[i][j]);
      room[j]++;
    }
  };
  visit(0, 0, 0);
  return best;
}
