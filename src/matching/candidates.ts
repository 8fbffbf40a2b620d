import type { MatchContext } from './match-context';
import { evaluatePair, PairFacts } from './pair-facts';

// Every pair is scored once into a matrix of one byte per pair (5,000 x 1,500 = 7.5 MB); the
// solver then works on a sparse graph drawn from it, and the proof of optimality reads it again.

export type Scorer = (facts: PairFacts) => number;

/** `forbidden[i]` holds the mentor indices mentee i may not meet again. */
export type ForbiddenIndex = ReadonlyArray<ReadonlySet<number> | undefined>;

export interface ScoreMatrix {
  menteeCount: number;
  mentorCount: number;
  /** `scores[i * mentorCount + j]`: 1..100, or 0 when a hard rule fails or the pair is forbidden. */
  scores: Uint8Array;
  /** Per mentee: mentors that pass every hard rule and are not forbidden. */
  feasible: Int32Array;
  /** Per mentee: mentors that would fit but for a "never again". */
  forbiddenOnly: Int32Array;
  /** Per mentor: mentees for whom it is feasible. */
  mentorFeasible: Int32Array;
}

export function scoreMatrix(ctx: MatchContext, scorer: Scorer, forbidden: ForbiddenIndex): ScoreMatrix {
  const n = ctx.mentees.length;
  const m = ctx.mentors.length;
  const scores = new Uint8Array(n * m);
  const feasible = new Int32Array(n);
  const forbiddenOnly = new Int32Array(n);
  const mentorFeasible = new Int32Array(m);
  const facts = new PairFacts();
  for (let i = 0; i < n; i++) {
    const mentee = ctx.mentees[i];
    const banned = forbidden[i];
    const row = i * m;
    for (let j = 0; j < m; j++) {
      const s = scorer(evaluatePair(ctx.mentors[j], mentee, ctx.programmeRules, facts));
      if (s === 0) continue;
      if (banned?.has(j)) {
        forbiddenOnly[i]++;
        continue;
      }
      scores[row + j] = s;
      feasible[i]++;
      mentorFeasible[j]++;
    }
  }
  return { menteeCount: n, mentorCount: m, scores, feasible, forbiddenOnly, mentorFeasible };
}

/**
 * The lowest score kept for each line (a mentee's row or a mentor's column) when each keeps its
 * best `keep`, and how many of that lowest score still fit: ties are cut by order.
 */
function thresholds(
  histograms: Int32Array,
  lines: number,
  keep: number,
): { floor: Uint8Array; room: Int32Array } {
  const floor = new Uint8Array(lines);
  const room = new Int32Array(lines);
  for (let l = 0; l < lines; l++) {
    const h = l * 101;
    let s = 100;
    let kept = 0;
    while (s > 0 && kept + histograms[h + s] < keep) kept += histograms[h + s--];
    floor[l] = s;
    room[l] = s > 0 ? keep - kept : 0;
  }
  return { floor, room };
}

/**
 * The solver's graph: each mentee's best `perMentee` mentors, plus each mentor's best `perMentor`
 * mentees. The second half matters: without it a mentor nobody ranks first (another language, a far
 * zone) may have no edge at all, although the optimum needs it.
 */
export function selectCandidates(
  matrix: ScoreMatrix,
  perMentee: number,
  perMentor: number,
): { start: Int32Array; mentor: Int32Array; score: Uint8Array } {
  const { menteeCount: n, mentorCount: m, scores } = matrix;
  const rowHist = new Int32Array(n * 101);
  const colHist = new Int32Array(m * 101);
  for (let i = 0; i < n; i++) {
    for (let j = 0, k = i * m; j < m; j++, k++) {
      const s = scores[k];
      if (s === 0) continue;
      rowHist[i * 101 + s]++;
      colHist[j * 101 + s]++;
    }
  }
  const rows = thresholds(rowHist, n, perMentee);
  const cols = thresholds(colHist, m, perMentor);
  const start = new Int32Array(n + 1);
  let mentor = new Int32Array(n * Math.min(m, perMentee + 8));
  let score = new Uint8Array(mentor.length);
  let edges = 0;
  for (let i = 0; i < n; i++) {
    let rowRoom = rows.room[i];
    const rowFloor = rows.floor[i];
    for (let j = 0, k = i * m; j < m; j++, k++) {
      const s = scores[k];
      if (s === 0) continue;
      let keep = false;
      if (s > rowFloor) keep = true;
      else if (s === rowFloor && rowRoom > 0) {
        rowRoom--;
        keep = true;
      }
      if (s > cols.floor[j]) keep = true;
      else if (s === cols.floor[j] && cols.room[j] > 0) {
        cols.room[j]--;
        keep = true;
      }
      if (!keep) continue;
      if (edges === mentor.length) {
        const grown = new Int32Array(mentor.length * 2);
        grown.set(mentor);
        mentor = grown;
        const grownScore = new Uint8Array(score.length * 2);
        grownScore.set(score);
        score = grownScore;
      }
      mentor[edges] = j;
      score[edges++] = s;
    }
    start[i + 1] = edges;
  }
  return { start, mentor: mentor.slice(0, edges), score: score.slice(0, edges) };
}
