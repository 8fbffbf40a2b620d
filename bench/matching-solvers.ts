// The solver comparison behind src/matching's choice (README, "Matching"). Not part of
// `npm run bench`: the candidates are not dependencies. Install them in a folder of their own,
// then point this script at it:
//
//   mkdir -p /tmp/solvers && cd /tmp/solvers && npm init -y && npm install highs@1.15.3 \
//     glpk.js@5.0.0 yalps@0.6.4 javascript-lp-solver@1.0.3 munkres@2.0.4 \
//     linear-sum-assignment@1.0.9 min-cost-flow@2.1.0
//   npx ts-node --transpile-only bench/matching-solvers.ts /tmp/solvers
//
// Every candidate solves the same problem on the same graph (the participation objective's
// weights), each in its own process with a time limit; its objective is checked against ours.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { weightFor } from '../src/matching/assign';
import { solveBMatching, type CandidateGraph } from '../src/matching/b-matching';
import { scoreMatrix, selectCandidates } from '../src/matching/candidates';
import { resolveCriteria } from '../src/matching/criteria';
import { MatchContext } from '../src/matching/match-context';
import { makeScorer } from '../src/matching/pair-facts';
import { randomInstance } from '../test/factories/match-instance';
import { MATCH_NOW } from './matching';

type GraphKind = 'pruned' | 'full';
interface Outcome {
  objective?: number;
  buildSeconds?: number;
  solveSeconds?: number;
  rssMiB?: number;
  error?: string;
}

function buildGraph(mentees: number, mentors: number, kind: GraphKind): CandidateGraph {
  const { mentors: m, mentees: e } = randomInstance(1, mentees, mentors);
  const criteria = resolveCriteria({});
  const ctx = new MatchContext(m, e, criteria.hardRules, MATCH_NOW);
  const matrix = scoreMatrix(ctx, makeScorer(criteria), []);
  const rows = kind === 'full' ? selectCandidates(matrix, mentors, 0) : selectCandidates(matrix, 24, 24);
  const places = ctx.capacity.reduce((a, b) => a + b, 0);
  const weightOf = weightFor(criteria, Math.min(mentees, places));
  return {
    menteeCount: mentees,
    mentorCount: mentors,
    capacity: ctx.capacity,
    start: rows.start,
    mentor: rows.mentor,
    weight: Float64Array.from(rows.score, weightOf),
  };
}

const edgesOf = (g: CandidateGraph) => g.mentor.length;

// The little of each library's API used here (their own types live in the folder given on the command line).
interface Highs {
  constants: { objectiveSense: { maximize: number } };
  createModel(data: object): {
    options: { set(options: object): void };
    run(): void;
    getObjectiveValue(): number;
    dispose(): void;
  };
}
interface Glpk {
  GLP_MAX: number;
  GLP_UP: number;
  GLP_MSG_OFF: number;
  solve(lp: object, options: object): { result: { z: number } };
}
const importEsm = new Function('url', 'return import(url)') as (
  url: string,
) => Promise<Record<string, unknown>>;

async function load(dir: string, name: string, subpath = '.'): Promise<Record<string, unknown>> {
  const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8'));
  if (pkg.type !== 'module') return createRequire(join(dir, 'package.json'))(name);
  const entry =
    pkg.exports?.[subpath]?.default ?? pkg.exports?.[subpath]?.import ?? pkg.exports?.[subpath] ?? pkg.module;
  return importEsm(pathToFileURL(join(dir, 'node_modules', name, entry)).href);
}

/** Mentee rows `<= 1`, mentor rows `<= capacity`, one column per edge: the LP whose optimum is integral. */
function lpRows(g: CandidateGraph) {
  const rows: { i: number[]; j: number[] } = { i: [], j: [] };
  for (let i = 0; i < g.menteeCount; i++) {
    for (let k = g.start[i]; k < g.start[i + 1]; k++) {
      rows.i.push(i);
      rows.j.push(g.mentor[k]);
    }
  }
  return rows;
}

/** Dense assignment: a column per mentor place plus one "unmatched" column per mentee. */
function denseCosts(g: CandidateGraph, blocked: number): { costs: Float64Array[]; placeOwner: number[] } {
  const placeOwner: number[] = [];
  g.capacity.forEach((c, j) => placeOwner.push(...Array<number>(c).fill(j)));
  const firstPlace: number[] = [];
  placeOwner.forEach((j, p) => (firstPlace[j] ??= p));
  const width = placeOwner.length + g.menteeCount;
  const costs = Array.from({ length: g.menteeCount }, (_, i) => {
    const row = new Float64Array(width).fill(blocked);
    row[placeOwner.length + i] = 0;
    for (let k = g.start[i]; k < g.start[i + 1]; k++) {
      const j = g.mentor[k];
      for (let p = firstPlace[j]; p < firstPlace[j] + g.capacity[j]; p++) row[p] = -g.weight[k];
    }
    return row;
  });
  return { costs, placeOwner };
}

const SOLVERS: Record<
  string,
  (g: CandidateGraph, dir: string) => Promise<{ objective: number; build: number }>
> = {
  async own(g) {
    return { objective: solveBMatching(g).total, build: 0 };
  },
  async highs(g, dir) {
    const highs = await (load(dir, 'highs') as unknown as Promise<() => Promise<Highs>>).then((f) => f());
    const t = performance.now();
    const e = edgesOf(g);
    const { i, j } = lpRows(g);
    const starts = Int32Array.from({ length: e + 1 }, (_, k) => 2 * k);
    const indices = new Int32Array(2 * e);
    for (let k = 0; k < e; k++) {
      indices[2 * k] = i[k];
      indices[2 * k + 1] = g.menteeCount + j[k];
    }
    const rowUpper = Float64Array.from({ length: g.menteeCount + g.mentorCount }, (_, r) =>
      r < g.menteeCount ? 1 : g.capacity[r - g.menteeCount],
    );
    const model = highs.createModel({
      numCols: e,
      numRows: rowUpper.length,
      sense: highs.constants.objectiveSense.maximize,
      colCost: g.weight,
      colLower: new Float64Array(e),
      colUpper: new Float64Array(e).fill(1),
      rowLower: new Float64Array(rowUpper.length),
      rowUpper,
      matrix: {
        format: 'csc',
        numRows: rowUpper.length,
        numCols: e,
        starts,
        indices,
        values: new Float64Array(2 * e).fill(1),
      },
    });
    model.options.set({ output_flag: false });
    const build = (performance.now() - t) / 1000;
    model.run();
    const objective = model.getObjectiveValue();
    model.dispose();
    return { objective, build };
  },
  async glpk(g, dir) {
    // The package's default entry runs GLPK in a Web Worker; './node' is its Node build.
    const glpk = await ((await load(dir, 'glpk.js', './node')).default as () => Promise<Glpk>)();
    const t = performance.now();
    const { i, j } = lpRows(g);
    const menteeRows = Array.from({ length: g.menteeCount }, () => [] as { name: string; coef: number }[]);
    const mentorRows = Array.from({ length: g.mentorCount }, () => [] as { name: string; coef: number }[]);
    const vars = i.map((_, k) => ({ name: `x${k}`, coef: g.weight[k] }));
    i.forEach((row, k) => menteeRows[row].push({ name: `x${k}`, coef: 1 }));
    j.forEach((col, k) => mentorRows[col].push({ name: `x${k}`, coef: 1 }));
    const rows = [
      ...menteeRows.map((v, r) => ({ name: `e${r}`, vars: v, bnds: { type: glpk.GLP_UP, ub: 1, lb: 0 } })),
      ...mentorRows.map((v, r) => ({
        name: `m${r}`,
        vars: v,
        bnds: { type: glpk.GLP_UP, ub: g.capacity[r], lb: 0 },
      })),
    ].filter((r) => r.vars.length > 0);
    const build = (performance.now() - t) / 1000;
    const result = glpk.solve(
      { name: 'match', objective: { direction: glpk.GLP_MAX, name: 'total', vars }, subjectTo: rows },
      { msglev: glpk.GLP_MSG_OFF },
    );
    return { objective: result.result.z, build };
  },
  async yalps(g, dir) {
    const { solve } = (await load(dir, 'yalps')) as { solve: (model: unknown) => { result: number } };
    const t = performance.now();
    const { i, j } = lpRows(g);
    const variables = new Map(
      i.map((row, k) => [`x${k}`, { total: g.weight[k], [`e${row}`]: 1, [`m${j[k]}`]: 1 }]),
    );
    const constraints = new Map<string, { max: number }>();
    for (let r = 0; r < g.menteeCount; r++) constraints.set(`e${r}`, { max: 1 });
    for (let r = 0; r < g.mentorCount; r++) constraints.set(`m${r}`, { max: g.capacity[r] });
    const build = (performance.now() - t) / 1000;
    return {
      objective: solve({ direction: 'maximize', objective: 'total', constraints, variables }).result,
      build,
    };
  },
  async 'javascript-lp-solver'(g, dir) {
    const solver = (await load(dir, 'javascript-lp-solver')) as {
      Solve: (model: unknown) => { result: number };
    };
    const t = performance.now();
    const { i, j } = lpRows(g);
    const variables: Record<string, Record<string, number>> = {};
    i.forEach((row, k) => (variables[`x${k}`] = { total: g.weight[k], [`e${row}`]: 1, [`m${j[k]}`]: 1 }));
    const constraints: Record<string, { max: number }> = {};
    for (let r = 0; r < g.menteeCount; r++) constraints[`e${r}`] = { max: 1 };
    for (let r = 0; r < g.mentorCount; r++) constraints[`m${r}`] = { max: g.capacity[r] };
    const build = (performance.now() - t) / 1000;
    return {
      objective: solver.Solve({ optimize: 'total', opType: 'max', constraints, variables }).result,
      build,
    };
  },
  async munkres(g, dir) {
    const { munkres } = (await load(dir, 'munkres')) as {
      munkres: (m: ArrayLike<number>[]) => [number, number][];
    };
    const t = performance.now();
    const { costs } = denseCosts(g, Infinity);
    const build = (performance.now() - t) / 1000;
    const pairs = munkres(costs);
    return { objective: -pairs.reduce((s, [r, c]) => s + costs[r][c], 0), build };
  },
  // The same problem transposed: a row per mentor place (fewer than mentees here), a column per mentee
  // plus one "empty" column per place. Munkres is O(rows^2 x columns), so the smaller side goes first.
  async 'munkres-by-place'(g, dir) {
    const { munkres } = (await load(dir, 'munkres')) as {
      munkres: (m: ArrayLike<number>[]) => [number, number][];
    };
    const t = performance.now();
    const owner: number[] = [];
    g.capacity.forEach((c, j) => owner.push(...Array<number>(c).fill(j)));
    const width = g.menteeCount + owner.length;
    const byMentor = Array.from({ length: g.mentorCount }, () =>
      new Float64Array(g.menteeCount).fill(Infinity),
    );
    for (let i = 0; i < g.menteeCount; i++) {
      for (let k = g.start[i]; k < g.start[i + 1]; k++) byMentor[g.mentor[k]][i] = -g.weight[k];
    }
    const costs = owner.map((j, p) => {
      const row = new Float64Array(width).fill(Infinity);
      row.set(byMentor[j]);
      row[g.menteeCount + p] = 0;
      return row;
    });
    const build = (performance.now() - t) / 1000;
    const pairs = munkres(costs);
    return { objective: -pairs.reduce((s, [r, c]) => s + costs[r][c], 0), build };
  },
  async 'linear-sum-assignment'(g, dir) {
    const lsa = (await load(dir, 'linear-sum-assignment')) as {
      linearSumAssignment: (m: number[][], o: object) => { rowAssignments: Float64Array };
    };
    const t = performance.now();
    const { costs } = denseCosts(g, 1e12);
    const rows = costs.map((r) => Array.from(r));
    const build = (performance.now() - t) / 1000;
    const { rowAssignments } = lsa.linearSumAssignment(rows, { maximaze: false });
    return { objective: -Array.from(rowAssignments).reduce((s, c, r) => s + rows[r][c], 0), build };
  },
  async 'min-cost-flow'(g, dir) {
    const { minCostFlowForNumberNodes } = (await load(dir, 'min-cost-flow')) as {
      minCostFlowForNumberNodes: (
        edges: object[],
        flow: number,
      ) => { from: number; to: number; cost: number; flow: number }[];
    };
    const t = performance.now();
    const n = g.menteeCount;
    const sink = 1 + n + g.mentorCount;
    const edges: { from: number; to: number; capacity: number; cost: number }[] = [];
    for (let i = 0; i < n; i++) {
      edges.push(
        { from: 0, to: 1 + i, capacity: 1, cost: 0 },
        { from: 1 + i, to: sink, capacity: 1, cost: 0 },
      );
      for (let k = g.start[i]; k < g.start[i + 1]; k++) {
        edges.push({ from: 1 + i, to: 1 + n + g.mentor[k], capacity: 1, cost: -g.weight[k] });
      }
    }
    g.capacity.forEach((c, j) => edges.push({ from: 1 + n + j, to: sink, capacity: c, cost: 0 }));
    const build = (performance.now() - t) / 1000;
    const flow = minCostFlowForNumberNodes(edges, n);
    return { objective: -flow.reduce((s, e) => s + e.cost * e.flow, 0), build };
  },
};

async function child(): Promise<void> {
  const [, , , dir, solver, mentees, mentors, kind] = process.argv;
  const graph = buildGraph(Number(mentees), Number(mentors), kind as GraphKind);
  const start = performance.now();
  const { objective, build } = await SOLVERS[solver](graph, dir);
  const solveSeconds = (performance.now() - start) / 1000 - build;
  const outcome: Outcome = {
    objective,
    buildSeconds: build,
    solveSeconds,
    rssMiB: process.resourceUsage().maxRSS / 1024,
  };
  process.send?.(outcome, () => process.exit(0));
}

function run(
  dir: string,
  solver: string,
  size: [number, number],
  kind: GraphKind,
  limitSeconds: number,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const proc = fork(__filename, ['child', dir, solver, String(size[0]), String(size[1]), kind], {
      execArgv: ['-r', 'ts-node/register/transpile-only', '--max-old-space-size=4096'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const started = performance.now();
    const timer = setTimeout(() => proc.kill('SIGKILL'), limitSeconds * 1000);
    proc.once('message', (outcome) => {
      clearTimeout(timer);
      resolve(outcome as Outcome);
    });
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      const lines = stderr.trim().split('\n');
      const cause =
        lines.find((l) => /^\w*Error\b/.test(l)) ??
        lines.find((l) => /abort|memory/i.test(l)) ??
        `exit ${code}`;
      const after = `after ${((performance.now() - started) / 1000).toFixed(0)} s`;
      resolve({
        error:
          signal === 'SIGKILL' ? `no answer within ${limitSeconds} s` : `${cause.slice(0, 120)} (${after})`,
      });
    });
  });
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: matching-solvers.ts <folder where the candidates are installed>');
  const plan: [string, [number, number], GraphKind, number][] = [];
  for (const size of [
    [500, 150],
    [1000, 300],
  ] as [number, number][]) {
    for (const solver of Object.keys(SOLVERS)) plan.push([solver, size, 'full', 180]);
  }
  for (const solver of ['own', 'highs', 'glpk']) plan.push([solver, [5000, 1500], 'pruned', 180]);
  // The dense assignment solvers cannot use a sparse graph: they get the full one.
  for (const solver of ['own', 'highs', 'munkres', 'linear-sum-assignment']) {
    plan.push([solver, [5000, 1500], 'full', 300]);
  }
  // `... matching-solvers.ts DIR munkres 5000x1500 full [alone]`: one line of the plan, after our
  // solver on the same graph for the check (`alone` skips ours).
  const [only, size, kind, alone] = process.argv.slice(3);
  if (only) {
    const [w, h] = size.split('x').map(Number);
    plan.splice(0, plan.length, [only, [w, h], kind as GraphKind, 300]);
    if (alone !== 'alone') plan.unshift(['own', [w, h], kind as GraphKind, 300]);
  }
  const reference = new Map<string, number>();
  for (const [solver, size, kind, limit] of plan) {
    const key = `${size.join('x')} ${kind}`;
    const outcome = await run(dir, solver, size, kind, limit);
    if (solver === 'own' && outcome.objective !== undefined) reference.set(key, outcome.objective);
    const expected = reference.get(key) ?? NaN;
    const same =
      outcome.objective === undefined
        ? ''
        : Math.abs(outcome.objective - expected) < 0.5
          ? 'same optimum'
          : `OBJECTIVE ${outcome.objective} != ${expected}`;
    console.log(
      `${key.padEnd(16)} ${solver.padEnd(22)} ` +
        (outcome.error
          ? outcome.error
          : `solve ${outcome.solveSeconds!.toFixed(2)} s (+ build ${outcome.buildSeconds!.toFixed(2)} s), peak RSS ${outcome.rssMiB!.toFixed(0)} MiB, ${same}`),
    );
  }
}

(process.argv[2] === 'child' ? child() : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
