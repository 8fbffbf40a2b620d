import { solveBMatching, type BMatching, type CandidateGraph } from './b-matching';
import { scoreMatrix, selectCandidates, type ForbiddenIndex, type ScoreMatrix } from './candidates';
import { MatchInputError, resolveCriteria } from './criteria';
import { describePair } from './explain';
import { MatchContext } from './match-context';
import type { ForbiddenPair, MatchCriteria, MatchProfile, MentorProfile } from './match.types';
import { blockTexts } from './unmatched';
import { makeScorer } from './pair-facts';

export interface AssignInput {
  mentors: readonly MentorProfile[];
  mentees: readonly MatchProfile[];
  criteria?: Partial<MatchCriteria>;
  /** "Never pair these two again": kept across rematches. */
  forbidden?: readonly ForbiddenPair[];
  /** The instant whose UTC offsets count. */
  now: Date;
  /**
   * Mentors kept per mentee, and mentees per mentor, in the solver's graph. Speed only: the answer is
   * proven optimal over every pair either way (see assign), and left-out pairs that could improve it
   * are put back.
   */
  candidatesPerMentee?: number;
  candidatesPerMentor?: number;
}

export type UnmatchedReason = 'no-feasible-mentor' | 'only-forbidden-mentors' | 'mentors-full';
export type IdleMentorReason = 'no-feasible-mentee' | 'mentees-placed-elsewhere';

export interface MatchedPair {
  mentorId: string;
  menteeId: string;
  score: number;
  reasons: string[];
  explanation: string;
}

export interface Unmatched<R> {
  id: string;
  reason: R;
  detail: string;
}

export interface AssignmentStats {
  /** Pairs that pass every hard rule and are not forbidden. */
  feasiblePairs: number;
  /** Edges the solver saw in its last round. */
  candidateEdges: number;
  /** Solver runs: 1, plus one per round that had to add left-out pairs back. */
  rounds: number;
  /** Left-out pairs put back into the graph by the proof. */
  pairsAdded: number;
}

export interface Assignment {
  pairs: MatchedPair[];
  /** Sum of the matched pairs' scores. */
  totalScore: number;
  unmatchedMentees: Unmatched<UnmatchedReason>[];
  /** Mentors who got nobody. */
  idleMentors: Unmatched<IdleMentorReason>[];
  /** Places left over across all mentors. */
  freePlaces: number;
  stats: AssignmentStats;
}

// Speed knobs only (the proof keeps the answer optimal). At 5,000 x 1,500 (bench): 24 and 24 give a
// 132,000-edge graph that needs one more round for 17 pairs; 12 and 12 need two more rounds; 24 per
// mentee and none per mentor leave 4,260 mentees with pairs to put back.
export const DEFAULT_CANDIDATES_PER_MENTEE = 24;
export const DEFAULT_CANDIDATES_PER_MENTOR = 24;

/**
 * The solver's weight for a score. `score`: the score itself (>= 1, so a match never lowers the
 * total). `participation`: the score plus a bonus larger than any total of scores, so one more
 * match always wins over a better-scoring set with fewer matches (lexicographic: count, then score).
 */
export function weightFor(criteria: MatchCriteria, maxMatches: number): (score: number) => number {
  if (criteria.objective === 'score') return (score) => score;
  const bonus = 100 * maxMatches + 1;
  return (score) => score + bonus;
}

export function indexForbidden(ctx: MatchContext, pairs: readonly ForbiddenPair[]): ForbiddenIndex {
  const mentorIndex = new Map(ctx.mentors.map((m, j) => [m.profile.id, j]));
  const menteeIndex = new Map(ctx.mentees.map((e, i) => [e.profile.id, i]));
  const index: Set<number>[] = [];
  for (const pair of pairs) {
    const i = menteeIndex.get(pair.menteeId);
    const j = mentorIndex.get(pair.mentorId);
    if (i === undefined || j === undefined) continue; // someone not in this round
    (index[i] ??= new Set()).add(j);
  }
  return index;
}

function checkIds(mentors: readonly MentorProfile[], mentees: readonly MatchProfile[]): void {
  for (const [side, people] of [
    ['mentor', mentors],
    ['mentee', mentees],
  ] as const) {
    const seen = new Set<string>();
    for (const person of people) {
      if (seen.has(person.id)) throw new MatchInputError(`${side} ${person.id} is listed twice`);
      seen.add(person.id);
    }
  }
}

/**
 * The global assignment: every capacity, hard rule and forbidden pair respected, the objective
 * (participation by default) at its optimum over all pairs, and each person left out with why.
 *
 * Scores every pair once (one byte each), keeps each mentee's best `candidatesPerMentee` mentors and
 * each mentor's best `candidatesPerMentor` mentees, and solves that sparse graph exactly
 * (solveBMatching). Then it proves the answer optimal for the whole programme with the solver's
 * dual prices: a left-out pair could only raise the total if its weight beats
 * `menteePrice - mentorPrice`. Any such pair joins the graph and the graph is solved again, until
 * none is left. So pruning costs speed only, never optimality.
 */
export function assign(input: AssignInput): Assignment {
  checkIds(input.mentors, input.mentees);
  const criteria = resolveCriteria(input.criteria);
  const ctx = new MatchContext(input.mentors, input.mentees, criteria.hardRules, input.now);
  const forbidden = indexForbidden(ctx, input.forbidden ?? []);
  const scorer = makeScorer(criteria);
  const perMentee = input.candidatesPerMentee ?? DEFAULT_CANDIDATES_PER_MENTEE;
  const perMentor = input.candidatesPerMentor ?? DEFAULT_CANDIDATES_PER_MENTOR;
  if (!(Number.isInteger(perMentee) && perMentee >= 1 && Number.isInteger(perMentor) && perMentor >= 0)) {
    throw new MatchInputError('candidatesPerMentee must be >= 1 and candidatesPerMentor >= 0, whole numbers');
  }

  const matrix = scoreMatrix(ctx, scorer, forbidden);
  const totalCapacity = ctx.capacity.reduce((a, b) => a + b, 0);
  const weightOf = weightFor(criteria, Math.min(ctx.mentees.length, totalCapacity));
  const selected = selectCandidates(matrix, perMentee, perMentor);
  let graph = toWeighted(ctx, selected.start, selected.mentor, selected.score, weightOf);
  let rounds = 0;
  let pairsAdded = 0;
  let solution: BMatching;
  for (;;) {
    rounds++;
    solution = solveBMatching(graph);
    const missing = findImprovingPairs(matrix, graph, solution, weightOf);
    if (missing.size === 0) break;
    for (const list of missing.values()) pairsAdded += list.length;
    graph = addEdges(graph, missing, weightOf);
  }
  return report(ctx, criteria, forbidden, matrix, graph, solution, { rounds, pairsAdded });
}

/**
 * Every pair's score as the solver sees it (`[mentee][mentor]`, 0 = may not be matched): for a
 * report of the whole table, and for the brute-force checks.
 */
export function scoreTable(input: AssignInput): number[][] {
  const criteria = resolveCriteria(input.criteria);
  const ctx = new MatchContext(input.mentors, input.mentees, criteria.hardRules, input.now);
  const matrix = scoreMatrix(ctx, makeScorer(criteria), indexForbidden(ctx, input.forbidden ?? []));
  const m = matrix.mentorCount;
  return Array.from({ length: matrix.menteeCount }, (_, i) =>
    Array.from(matrix.scores.subarray(i * m, (i + 1) * m)),
  );
}

interface WeightedGraph extends CandidateGraph {
  score: Uint8Array;
}

function toWeighted(
  ctx: MatchContext,
  start: Int32Array,
  mentor: Int32Array,
  score: Uint8Array,
  weightOf: (s: number) => number,
): WeightedGraph {
  return {
    menteeCount: ctx.mentees.length,
    mentorCount: ctx.mentors.length,
    capacity: ctx.capacity,
    start,
    mentor,
    score,
    weight: Float64Array.from(score, weightOf),
  };
}

/**
 * Left-out pairs whose weight beats the dual prices (`weight > menteePrice - mentorPrice`): the
 * only pairs that could raise the total. None left means the answer is optimal over every pair.
 */
function findImprovingPairs(
  matrix: ScoreMatrix,
  graph: WeightedGraph,
  solution: BMatching,
  weightOf: (s: number) => number,
): Map<number, Array<[number, number]>> {
  const { menteePrice, mentorPrice } = solution;
  const { menteeCount: n, mentorCount: m, scores } = matrix;
  const missing = new Map<number, Array<[number, number]>>();
  const inGraph = new Uint8Array(m);
  for (let i = 0; i < n; i++) {
    for (let k = graph.start[i]; k < graph.start[i + 1]; k++) inGraph[graph.mentor[k]] = 1;
    for (let j = 0, k = i * m; j < m; j++, k++) {
      const s = scores[k];
      if (s === 0 || inGraph[j] || weightOf(s) <= menteePrice[i] - mentorPrice[j]) continue;
      const list = missing.get(i) ?? [];
      list.push([j, s]);
      missing.set(i, list);
    }
    for (let k = graph.start[i]; k < graph.start[i + 1]; k++) inGraph[graph.mentor[k]] = 0;
  }
  return missing;
}

function addEdges(
  graph: WeightedGraph,
  missing: Map<number, Array<[number, number]>>,
  weightOf: (s: number) => number,
): WeightedGraph {
  let added = 0;
  for (const list of missing.values()) added += list.length;
  const n = graph.menteeCount;
  const start = new Int32Array(n + 1);
  const mentor = new Int32Array(graph.mentor.length + added);
  const score = new Uint8Array(mentor.length);
  let e = 0;
  for (let i = 0; i < n; i++) {
    for (let k = graph.start[i]; k < graph.start[i + 1]; k++) {
      mentor[e] = graph.mentor[k];
      score[e++] = graph.score[k];
    }
    for (const [j, s] of missing.get(i) ?? []) {
      mentor[e] = j;
      score[e++] = s;
    }
    start[i + 1] = e;
  }
  return { ...graph, start, mentor, score, weight: Float64Array.from(score, weightOf) };
}

function report(
  ctx: MatchContext,
  criteria: MatchCriteria,
  forbidden: ForbiddenIndex,
  matrix: ScoreMatrix,
  graph: WeightedGraph,
  solution: BMatching,
  counts: { rounds: number; pairsAdded: number },
): Assignment {
  const pairs: MatchedPair[] = [];
  const load = new Int32Array(ctx.mentors.length);
  let totalScore = 0;
  const unmatchedMentees: Unmatched<UnmatchedReason>[] = [];
  for (let i = 0; i < ctx.mentees.length; i++) {
    const j = solution.mentorOf[i];
    const id = ctx.mentees[i].profile.id;
    if (j === -1) {
      unmatchedMentees.push(whyUnmatched(ctx, forbidden, matrix, i, criteria));
      continue;
    }
    load[j]++;
    const described = describePair(ctx, criteria, j, i);
    totalScore += described.score;
    const { score, reasons, explanation } = described;
    pairs.push({ mentorId: ctx.mentors[j].profile.id, menteeId: id, score, reasons, explanation });
  }
  const idleMentors: Unmatched<IdleMentorReason>[] = [];
  let freePlaces = 0;
  for (let j = 0; j < ctx.mentors.length; j++) {
    freePlaces += ctx.capacity[j] - load[j];
    if (load[j] > 0) continue;
    const id = ctx.mentors[j].profile.id;
    const fits = matrix.mentorFeasible[j];
    idleMentors.push(
      fits === 0
        ? {
            id,
            reason: 'no-feasible-mentee',
            detail:
              ctx.mentees.length === 0
                ? 'there are no mentees'
                : 'no mentee meets the hard rules with this mentor',
          }
        : {
            id,
            reason: 'mentees-placed-elsewhere',
            detail: `the ${plural(fits, 'mentee')} who fit ${fits === 1 ? 'was' : 'were'} better placed with other mentors`,
          },
    );
  }
  let feasiblePairs = 0;
  for (let i = 0; i < matrix.feasible.length; i++) feasiblePairs += matrix.feasible[i];
  return {
    pairs,
    totalScore,
    unmatchedMentees,
    idleMentors,
    freePlaces,
    stats: { feasiblePairs, candidateEdges: graph.mentor.length, ...counts },
  };
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;

function whyUnmatched(
  ctx: MatchContext,
  forbidden: ForbiddenIndex,
  matrix: ScoreMatrix,
  i: number,
  criteria: MatchCriteria,
): Unmatched<UnmatchedReason> {
  const id = ctx.mentees[i].profile.id;
  const fits = matrix.feasible[i];
  if (fits > 0) {
    const why =
      criteria.objective === 'participation'
        ? 'taking one would leave another mentee without a mentor'
        : 'their places went to pairs with higher scores';
    return { id, reason: 'mentors-full', detail: `all ${plural(fits, 'mentor')} who fit are full: ${why}` };
  }
  if (matrix.forbiddenOnly[i] > 0) {
    return {
      id,
      reason: 'only-forbidden-mentors',
      detail: `the only ${plural(matrix.forbiddenOnly[i], 'mentor')} who fit ${matrix.forbiddenOnly[i] === 1 ? 'is' : 'are'} marked "never pair again"`,
    };
  }
  if (ctx.mentors.length === 0) return { id, reason: 'no-feasible-mentor', detail: 'there are no mentors' };
  return {
    id,
    reason: 'no-feasible-mentor',
    detail: `no mentor meets the hard rules: ${blockTexts(ctx, forbidden, i)}`,
  };
}
