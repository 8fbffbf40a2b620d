import { MinHeap } from './heap';

/**
 * Candidate edges mentee -> mentor in compressed rows: mentee i's edges are
 * `start[i] .. start[i+1]-1`, each with its mentor and its weight (> 0; higher is better).
 */
export interface CandidateGraph {
  menteeCount: number;
  mentorCount: number;
  capacity: Int32Array;
  start: Int32Array;
  mentor: Int32Array;
  weight: Float64Array;
}

export interface BMatching {
  /** Each mentee's mentor, -1 when unmatched. */
  mentorOf: Int32Array;
  /** The sum of the matched edges' weights. */
  total: number;
  /**
   * Dual prices that prove the answer optimal: every edge i -> j left out of the matching has
   * `weight <= menteePrice[i] - mentorPrice[j]` (reduced cost >= 0). Checking that inequality on
   * pairs outside the graph proves the answer optimal for them too.
   */
  menteePrice: Float64Array;
  mentorPrice: Float64Array;
}

/**
 * Maximum-weight b-matching: each mentee to at most one mentor, each mentor to at most its
 * capacity, the total weight as high as possible. Solved as a min-cost flow (source -> mentee ->
 * mentor -> sink, cost = -weight, plus an "unmatched" edge mentee -> sink of cost 0) by successive
 * shortest paths: one mentee at a time, Dijkstra on reduced costs (Johnson potentials) finds the
 * cheapest way to fit it in, possibly moving others along a chain or leaving one out, and stops as
 * soon as the sink is settled. Each step keeps the flow optimal for the mentees seen so far, so the
 * last one is optimal for all (the shortest-augmenting-path method of Jonker-Volgenant, with
 * capacities). With whole-number weights every sum is exact.
 */
export function solveBMatching(g: CandidateGraph): BMatching {
  const { menteeCount: n, mentorCount: m, capacity, start, mentor, weight } = g;
  let wMax = 0;
  for (let k = 0; k < weight.length; k++) wMax = Math.max(wMax, weight[k]);
  let maxCap = 1;
  for (let j = 0; j < m; j++) maxCap = Math.max(maxCap, capacity[j]);

  // Potentials chosen so every reduced cost starts >= 0: -w + 0 - (-wMax) >= 0.
  const piE = new Float64Array(n);
  const piR = new Float64Array(m).fill(-wMax);
  const piT = -wMax;

  const mentorOf = new Int32Array(n).fill(-1);
  const edgeOf = new Int32Array(n).fill(-1);
  const load = new Int32Array(m);
  const members = new Int32Array(m * maxCap).fill(-1);

  const distE = new Float64Array(n).fill(Infinity);
  const distR = new Float64Array(m).fill(Infinity);
  const doneE = new Uint8Array(n);
  const doneR = new Uint8Array(m);
  // The edge (and its mentee) by which each mentor was reached.
  const predEdge = new Int32Array(m);
  const predMentee = new Int32Array(m);
  const touchedE: number[] = [];
  const touchedR: number[] = [];
  const heap = new MinHeap();

  const addMember = (j: number, i: number) => {
    for (let s = j * maxCap; ; s++) {
      if (members[s] === -1) {
        members[s] = i;
        break;
      }
    }
    load[j]++;
  };
  const removeMember = (j: number, i: number) => {
    for (let s = j * maxCap; ; s++) {
      if (members[s] === i) {
        members[s] = -1;
        break;
      }
    }
    load[j]--;
  };
  for (let root = 0; root < n; root++) {
    if (start[root] === start[root + 1]) {
      // No candidate: unmatched through its own edge to the sink, which is then tight.
      piE[root] = piT;
      continue;
    }
    distE[root] = 0;
    touchedE.push(root);
    heap.push(0, root);
    // The sink, reached so far by: the root's own "unmatched" edge.
    let best = piE[root] - piT;
    let endMentor = -1;
    let endMentee = root;
    while (heap.size > 0 && heap.topKey() < best) {
      const d = heap.topKey();
      const v = heap.pop();
      if (v < n) {
        const i = v;
        if (doneE[i] || d > distE[i]) continue;
        doneE[i] = 1;
        if (i !== root) {
          const viaDummy = d + piE[i] - piT; // leave i out, free its place
          if (viaDummy < best) {
            best = viaDummy;
            endMentor = -1;
            endMentee = i;
          }
        }
        for (let k = start[i]; k < start[i + 1]; k++) {
          if (k === edgeOf[i]) continue;
          const j = mentor[k];
          if (doneR[j]) continue;
          const nd = d - weight[k] + piE[i] - piR[j];
          if (nd < distR[j]) {
            if (distR[j] === Infinity) touchedR.push(j);
            distR[j] = nd;
            predEdge[j] = k;
            predMentee[j] = i;
            heap.push(nd, n + j);
          }
        }
      } else {
        const j = v - n;
        if (doneR[j] || d > distR[j]) continue;
        doneR[j] = 1;
        if (load[j] < capacity[j]) {
          const viaPlace = d + piR[j] - piT;
          if (viaPlace < best) {
            best = viaPlace;
            endMentor = j;
          }
        }
        for (let s = j * maxCap; s < j * maxCap + maxCap; s++) {
          const i = members[s];
          if (i === -1 || doneE[i]) continue;
          const nd = d + weight[edgeOf[i]] + piR[j] - piE[i];
          if (nd < distE[i]) {
            if (distE[i] === Infinity) touchedE.push(i);
            distE[i] = nd;
            heap.push(nd, i);
          }
        }
      }
    }
    heap.clear();

    // Potentials: settled nodes closer than the sink move by the difference; the rest keep theirs.
    for (const i of touchedE) {
      if (doneE[i] && distE[i] < best) piE[i] -= best - distE[i];
      distE[i] = Infinity;
      doneE[i] = 0;
    }
    for (const j of touchedR) {
      if (doneR[j] && distR[j] < best) piR[j] -= best - distR[j];
      distR[j] = Infinity;
      doneR[j] = 0;
    }
    touchedE.length = 0;
    touchedR.length = 0;

    // Walk the path back from the sink: each mentor on it takes the mentee it was reached from.
    let j = endMentor;
    if (j === -1 && endMentee !== root) {
      j = mentorOf[endMentee];
      removeMember(j, endMentee);
      mentorOf[endMentee] = -1;
      edgeOf[endMentee] = -1;
    }
    while (j !== -1) {
      const k = predEdge[j];
      const i = predMentee[j];
      const previous = mentorOf[i];
      addMember(j, i);
      mentorOf[i] = j;
      edgeOf[i] = k;
      if (i === root) break;
      removeMember(previous, i);
      j = previous;
    }
  }

  let total = 0;
  for (let i = 0; i < n; i++) if (edgeOf[i] !== -1) total += weight[edgeOf[i]];
  return { mentorOf, total, menteePrice: piE, mentorPrice: piR };
}
