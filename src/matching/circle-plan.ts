import { resolveCriteria } from './criteria';
import { listWords } from './explain';
import { MatchContext, normalise } from './match-context';
import type { ForbiddenPair, MatchCriteria, MatchProfile, MentorProfile } from './match.types';
import { evaluatePair, makeScorer, PairFacts } from './pair-facts';

// Circles proposed by shared topic: pure, like assign.ts. Sizes follow the limits
// (ProgramsService.createCircle enforces 1-2 leads and at most 12 members) and group-mentoring
// practice: a circle below three mentees is a pair with an audience, and one lead carries about six
// (single-leader circles run four to six; circles of eight to twelve have two or more facilitators).
export const CIRCLE_MIN_MEMBERS = 3;
export const CIRCLE_MEMBERS_PER_LEAD = 6;
export const CIRCLE_MAX_MEMBERS = 12;
/** Leads of a topic tried as first and second lead: those who meet the rules with most mentees. */
const LEADS_TRIED = 8;

export interface CirclePlanInput {
  /** Ready mentors (each has a free place: a circle takes one of each lead's). */
  mentors: readonly MentorProfile[];
  /** Ready mentees: nobody here is in a pair or a circle already. */
  mentees: readonly MatchProfile[];
  criteria: Partial<MatchCriteria>;
  forbidden: readonly ForbiddenPair[];
  now: Date;
}

export interface PlannedCircle {
  /** The shared topic as the first mentor (else mentee) listing it spelled it. */
  topic: string;
  leadIds: string[];
  memberIds: string[];
  /** Mean score of every lead-member pair (scorePair's 1 to 100). */
  fit: number;
  explanation: string;
}

/**
 * Why a mentee is in no circle; all of them are left for one-to-one matching.
 * - `no-topics`: their profile lists none;
 * - `no-shared-topic`: no topic of theirs is listed by CIRCLE_MIN_MEMBERS waiting mentees;
 * - `no-lead`: mentees share their topic, but no free mentor who covers it meets the rules with them;
 * - `too-few-left`: the circles for their topics filled, and too few were left for another.
 */
export type CircleLeftOutReason = 'no-topics' | 'no-shared-topic' | 'no-lead' | 'too-few-left';

export interface CircleLeftOut {
  id: string;
  reason: CircleLeftOutReason;
  detail: string;
}

export interface CirclePlan {
  circles: PlannedCircle[];
  leftOut: CircleLeftOut[];
}

interface Candidate {
  topic: string;
  leads: number[];
  pool: number[];
  total: number;
}

/**
 * Greedy and explainable: again and again, the topic and lead that can gather the most waiting
 * mentees form a circle; a second lead joins when more than one lead's share wait and they meet
 * the rules with them (cap 12). Of a topic's free leads, the LEADS_TRIED who meet the rules with
 * most of its waiting mentees are tried. Each member meets every hard rule, personal hard preference and
 * "never pair again" with each lead, as a pair would. A mentor leads at most one circle per
 * proposal and a mentee is in at most one. Members are taken fewest-topics first (someone with
 * other topics has other chances), then by fit.
 */
export function planCircles(input: CirclePlanInput): CirclePlan {
  const criteria = resolveCriteria(input.criteria);
  const ctx = new MatchContext(input.mentors, input.mentees, criteria.hardRules, input.now);
  const scorer = makeScorer(criteria);
  const forbidden = new Set(input.forbidden.map((f) => `${f.mentorId}:${f.menteeId}`));
  const n = ctx.mentees.length;
  const m = ctx.mentors.length;
  const facts = new PairFacts();
  const scores = new Uint8Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      if (forbidden.has(`${ctx.mentors[j].profile.id}:${ctx.mentees[i].profile.id}`)) continue;
      scores[i * m + j] = scorer(evaluatePair(ctx.mentors[j], ctx.mentees[i], ctx.programmeRules, facts));
    }
  }
  const fits = (j: number, i: number) => scores[i * m + j] > 0;

  const spelling = new Map<string, string>();
  const menteesOf = new Map<string, number[]>();
  const leadsOf = new Map<string, number[]>();
  const index = (into: Map<string, number[]>, topics: readonly string[], k: number) => {
    for (const raw of new Set(topics.map(normalise))) {
      if (!raw) continue;
      if (!spelling.has(raw)) spelling.set(raw, topics.find((t) => normalise(t) === raw)!.trim());
      const list = into.get(raw);
      if (list) list.push(k);
      else into.set(raw, [k]);
    }
  };
  input.mentors.forEach((p, j) => index(leadsOf, p.topics, j));
  input.mentees.forEach((p, i) => index(menteesOf, p.topics, i));
  const topicCount = input.mentees.map((p) => new Set(p.topics.map(normalise)).size);

  const placed = new Set<number>();
  const leading = new Set<number>();
  const circles: PlannedCircle[] = [];
  const fitOf = (leads: number[], i: number) => leads.reduce((sum, j) => sum + scores[i * m + j], 0);

  /** The best circle `topic` can form now, or null. */
  const bestFor = (topic: string): Candidate | null => {
    const waiting = menteesOf.get(topic)!.filter((i) => !placed.has(i));
    if (waiting.length < CIRCLE_MIN_MEMBERS) return null;
    // The leads who meet the rules with most of them; a circle is built from the first few only,
    // which keeps a programme of 1,500 mentors and 5,000 mentees within seconds (README).
    const leads = (leadsOf.get(topic) ?? [])
      .filter((j) => !leading.has(j))
      .map((j) => ({ j, pool: waiting.filter((i) => fits(j, i)) }))
      .filter((l) => l.pool.length >= CIRCLE_MIN_MEMBERS)
      .sort((a, b) => b.pool.length - a.pool.length || a.j - b.j)
      .slice(0, LEADS_TRIED);
    let best: Candidate | null = null;
    for (const first of leads) {
      let chosen = [first.j];
      let pool = first.pool;
      if (pool.length > CIRCLE_MEMBERS_PER_LEAD) {
        // A second lead only if together they seat more than this lead alone: the one who seats most.
        let seats = CIRCLE_MEMBERS_PER_LEAD;
        for (const second of leads) {
          if (second.j === first.j) continue;
          const both = first.pool.filter((i) => fits(second.j, i));
          if (Math.min(both.length, CIRCLE_MAX_MEMBERS) > seats) {
            seats = Math.min(both.length, CIRCLE_MAX_MEMBERS);
            chosen = [first.j, second.j];
            pool = both;
          }
        }
      }
      const cap = Math.min(CIRCLE_MAX_MEMBERS, chosen.length * CIRCLE_MEMBERS_PER_LEAD);
      pool = [...pool]
        .sort((a, b) => topicCount[a] - topicCount[b] || fitOf(chosen, b) - fitOf(chosen, a) || a - b)
        .slice(0, cap);
      const total = pool.reduce((sum, i) => sum + fitOf(chosen, i), 0);
      if (!best || pool.length > best.pool.length || (pool.length === best.pool.length && total > best.total))
        best = { topic, leads: chosen, pool, total };
    }
    return best;
  };

  // Lazy greedy: placing people only ever shrinks what a topic can form, so a topic's last answer
  // is an upper bound; only the topic on top is worked out again before it is taken.
  const known = new Map<string, { candidate: Candidate | null; fresh: boolean }>();
  for (const topic of [...menteesOf.keys()].sort())
    known.set(topic, { candidate: bestFor(topic), fresh: true });
  const better = (a: Candidate, b: Candidate) =>
    a.pool.length > b.pool.length || (a.pool.length === b.pool.length && a.total > b.total);
  for (;;) {
    let top: string | null = null;
    for (const [topic, k] of known) {
      if (k.candidate && (!top || better(k.candidate, known.get(top)!.candidate!))) top = topic;
    }
    if (!top) break;
    const entry = known.get(top)!;
    if (!entry.fresh) {
      known.set(top, { candidate: bestFor(top), fresh: true });
      continue;
    }
    const best = entry.candidate!;
    best.pool.forEach((i) => placed.add(i));
    best.leads.forEach((j) => leading.add(j));
    const fit = best.total / (best.pool.length * best.leads.length);
    circles.push(describe(best, spelling.get(best.topic)!, input, fit));
    for (const k of known.values()) k.fresh = false;
  }

  const leftOut = input.mentees.flatMap((p, i): CircleLeftOut[] =>
    placed.has(i) ? [] : [whyLeftOut(p, i, { menteesOf, leadsOf, spelling, fits })],
  );
  return { circles, leftOut };
}

function describe(c: Candidate, topic: string, input: CirclePlanInput, fit: number): PlannedCircle {
  const leads = c.leads.length === 1 ? 'its lead covers it' : 'both leads cover it';
  return {
    topic,
    leadIds: c.leads.map((j) => input.mentors[j].id),
    memberIds: c.pool.map((i) => input.mentees[i].id),
    fit: Math.round(fit),
    explanation: `${c.pool.length} mentees who all list ${topic}; ${leads} and meets the programme's rules with every member (fit ${Math.round(fit)})`,
  };
}

function whyLeftOut(
  person: MatchProfile,
  i: number,
  t: {
    menteesOf: Map<string, number[]>;
    leadsOf: Map<string, number[]>;
    spelling: Map<string, string>;
    fits: (j: number, i: number) => boolean;
  },
): CircleLeftOut {
  const topics = [...new Set(person.topics.map(normalise))].filter(Boolean);
  const words = (keys: string[]) => listWords(keys.map((k) => t.spelling.get(k) ?? k));
  if (topics.length === 0)
    return { id: person.id, reason: 'no-topics', detail: 'lists no topics: left for one-to-one matching' };
  const shared = topics.filter((k) => (t.menteesOf.get(k)?.length ?? 0) >= CIRCLE_MIN_MEMBERS);
  if (shared.length === 0) {
    return {
      id: person.id,
      reason: 'no-shared-topic',
      detail: `fewer than ${CIRCLE_MIN_MEMBERS} waiting mentees list ${words(topics)}: left for one-to-one matching`,
    };
  }
  if (!shared.some((k) => (t.leadsOf.get(k) ?? []).some((j) => t.fits(j, i)))) {
    return {
      id: person.id,
      reason: 'no-lead',
      detail: `no free mentor who covers ${words(shared)} meets the rules with them: left for one-to-one matching`,
    };
  }
  return {
    id: person.id,
    reason: 'too-few-left',
    detail: `the circles for ${words(shared)} are full or too few were left for another: left for one-to-one matching`,
  };
}
