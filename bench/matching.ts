// `npm run bench -- matching`: the global assignment of 5,000 mentees to 1,500 mentors (capacity
// 1 to 3) on a seeded, programme-like instance, in a fresh process so its peak RSS is its own.
// Goal (#14): at most 10 s and 1 GiB, with the total score beside greedy passes on the same data.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { assign, type Assignment } from '../src/matching/assign';
import { greedyAssign, type GreedyResult } from '../src/matching/greedy';
import { randomInstance } from '../test/factories/match-instance';
import { fmt } from './support';

export const MATCH_NOW = new Date('2026-03-02T12:00:00Z');

export interface MatchingFigures {
  mentees: number;
  mentors: number;
  places: number;
  /** Wall seconds of each run of assign(). */
  seconds: number[];
  cpuSeconds: number[];
  peakRssMiB: number;
  optimal: { matched: number; total: number; stats: Assignment['stats']; unmatched: Record<string, number> };
  greedy: Record<'first-come' | 'best-pair-first', Pick<GreedyResult, 'matched' | 'totalScore'>>;
}

export function measureMatching(mentees = 5000, mentors = 1500, runs = 3): MatchingFigures {
  const instance = randomInstance(1, mentees, mentors);
  const input = { ...instance, now: MATCH_NOW };
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  let result: Assignment | undefined;
  for (let r = 0; r < runs; r++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    result = assign(input);
    seconds.push((performance.now() - start) / 1000);
    const used = process.cpuUsage(cpu);
    cpuSeconds.push((used.user + used.system) / 1e6);
  }
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const greedy = (kind: 'first-come' | 'best-pair-first') => {
    const { matched, totalScore } = greedyAssign(input, kind);
    return { matched, totalScore };
  };
  const unmatched: Record<string, number> = {};
  for (const u of result!.unmatchedMentees) unmatched[u.reason] = (unmatched[u.reason] ?? 0) + 1;
  return {
    mentees,
    mentors,
    places: instance.mentors.reduce((s, m) => s + m.capacity, 0),
    seconds,
    cpuSeconds,
    peakRssMiB,
    optimal: { matched: result!.pairs.length, total: result!.totalScore, stats: result!.stats, unmatched },
    greedy: { 'first-come': greedy('first-come'), 'best-pair-first': greedy('best-pair-first') },
  };
}

function measureInChild(): Promise<MatchingFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'matching-child.ts'), [], {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
    });
    child.once('message', (figures) => resolve(figures as MatchingFigures));
    child.once('error', reject);
    child.once('exit', (code) => code === 0 || reject(new Error(`matching process exited with ${code}`)));
  });
}

export async function runMatchingBench(): Promise<void> {
  const f = await measureInChild();
  const sorted = [...f.seconds].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const { stats } = f.optimal;
  console.log(
    `${f.mentees.toLocaleString('en-GB')} mentees, ${f.mentors.toLocaleString('en-GB')} mentors, ` +
      `${f.places.toLocaleString('en-GB')} places; ${stats.feasiblePairs.toLocaleString('en-GB')} feasible pairs`,
  );
  console.log(
    `assign: median ${fmt(median, 2)} s of ${f.seconds.length} (${f.seconds.map((s) => fmt(s, 2)).join(', ')}; ` +
      `CPU ${f.cpuSeconds.map((s) => fmt(s, 2)).join(', ')}), peak RSS ${fmt(f.peakRssMiB, 0)} MiB ` +
      `(goal <= 10 s, <= 1024 MiB): ${median <= 10 && f.peakRssMiB <= 1024 ? 'met' : 'MISSED'}`,
  );
  console.log(
    `solver graph ${stats.candidateEdges.toLocaleString('en-GB')} edges, ${stats.rounds} round(s), ` +
      `${stats.pairsAdded} left-out pair(s) put back by the optimality proof`,
  );
  const line = (name: string, matched: number, total: number) =>
    console.log(
      `${name.padEnd(16)} matched ${matched.toLocaleString('en-GB')}, total score ${total.toLocaleString('en-GB')} ` +
        `(${fmt((100 * total) / f.optimal.total, 1)}% of optimal)`,
    );
  line('optimal', f.optimal.matched, f.optimal.total);
  line('greedy best-pair', f.greedy['best-pair-first'].matched, f.greedy['best-pair-first'].totalScore);
  line('greedy first-come', f.greedy['first-come'].matched, f.greedy['first-come'].totalScore);
  console.log(`unmatched mentees by reason: ${JSON.stringify(f.optimal.unmatched)}`);
}
