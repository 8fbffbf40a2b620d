import { constantUnderHardRules } from './criteria';
import type { CompiledRule, PreparedProfile } from './match-context';
import { CRITERIA, type BlockReason, type Criterion, type MatchCriteria } from './match.types';
import { clockDistanceMinutes, overlapSlots, popcount32, SLOT_MINUTES } from './weekly-slots';

// The facts of one pair, computed once and read by both the score and the explanation, so the
// two can never disagree. The hot path reuses one PairFacts object for millions of pairs.

export const BLOCK_BITS: Record<BlockReason, number> = {
  'same-person': 1,
  forbidden: 2,
  'no-shared-language': 4,
  'industry-differs': 8,
  'background-missing': 16,
  'tz-too-far': 32,
  'no-shared-time': 64,
};

export class PairFacts {
  /** BLOCK_BITS of every hard rule the pair breaks. */
  blocked = 0;
  sharedTopics = 0;
  menteeTopics = 0;
  sharedGoals = 0;
  menteeGoals = 0;
  sharedLanguages = 0;
  /** Either side gave no language. */
  languageUnknown = false;
  /** Minutes between their clocks; NaN when a zone is unknown. */
  tzMinutes = NaN;
  /** Weekly overlap in half-hour slots; -1 when either gave no free time. */
  overlap = -1;
  /** 1 same, 0 different, -1 not given. */
  industry = -1;
  softMet = 0;
  softTotal = 0;
}

function sharedBits(a: Uint32Array, b: Uint32Array): number {
  let count = 0;
  for (let w = 0; w < a.length; w++) count += popcount32(a[w] & b[w]);
  return count;
}

function carries(person: PreparedProfile, keyword: number): boolean {
  return keyword >= 0 && (person.traits[keyword >>> 5] & (1 << (keyword & 31))) !== 0;
}

/** The block bit `rule` raises for this pair, 0 when it holds. `partner` is whom a background rule is about. */
export function ruleBreak(rule: CompiledRule, partner: PreparedProfile, facts: PairFacts): number {
  switch (rule.kind) {
    case 'same-language':
      return facts.sharedLanguages > 0 ? 0 : BLOCK_BITS['no-shared-language'];
    case 'same-industry':
      return facts.industry === 1 ? 0 : BLOCK_BITS['industry-differs'];
    case 'background':
      return carries(partner, rule.keyword) ? 0 : BLOCK_BITS['background-missing'];
    case 'max-tz-distance':
      // Unknown is not evidence: a hard rule needs the zones to hold.
      return facts.tzMinutes <= rule.hours * 60 ? 0 : BLOCK_BITS['tz-too-far'];
    case 'shared-time':
      return facts.overlap * SLOT_MINUTES >= rule.hours * 60 - 1e-9 ? 0 : BLOCK_BITS['no-shared-time'];
  }
}

export function evaluatePair(
  mentor: PreparedProfile,
  mentee: PreparedProfile,
  programmeRules: readonly CompiledRule[],
  facts: PairFacts,
): PairFacts {
  facts.blocked = mentor.profile.id === mentee.profile.id ? BLOCK_BITS['same-person'] : 0;
  facts.sharedTopics = sharedBits(mentor.topics, mentee.topics);
  facts.menteeTopics = mentee.topicCount;
  facts.sharedGoals = sharedBits(mentor.goals, mentee.goals);
  facts.menteeGoals = mentee.goalCount;
  facts.sharedLanguages = sharedBits(mentor.languages, mentee.languages);
  facts.languageUnknown = mentor.languageCount === 0 || mentee.languageCount === 0;
  facts.tzMinutes = clockDistanceMinutes(mentor.offset, mentee.offset);
  facts.overlap = mentor.week !== null && mentee.week !== null ? overlapSlots(mentor.week, mentee.week) : -1;
  facts.industry =
    mentor.industry < 0 || mentee.industry < 0 ? -1 : mentor.industry === mentee.industry ? 1 : 0;
  return applyRules(mentor, mentee, programmeRules, facts);
}

/** The programme's hard rules and both people's preferences, over facts already measured. */
export function applyRules(
  mentor: PreparedProfile,
  mentee: PreparedProfile,
  programmeRules: readonly CompiledRule[],
  facts: PairFacts,
): PairFacts {
  for (let r = 0; r < programmeRules.length; r++)
    facts.blocked |= ruleBreak(programmeRules[r], mentor, facts);
  for (let r = 0; r < mentee.hardRules.length; r++)
    facts.blocked |= ruleBreak(mentee.hardRules[r], mentor, facts);
  for (let r = 0; r < mentor.hardRules.length; r++)
    facts.blocked |= ruleBreak(mentor.hardRules[r], mentee, facts);
  let met = 0;
  for (let r = 0; r < mentee.softRules.length; r++)
    if (ruleBreak(mentee.softRules[r], mentor, facts) === 0) met++;
  for (let r = 0; r < mentor.softRules.length; r++)
    if (ruleBreak(mentor.softRules[r], mentee, facts) === 0) met++;
  facts.softMet = met;
  facts.softTotal = mentee.softRules.length + mentor.softRules.length;
  return facts;
}

export function blockReasons(blocked: number): BlockReason[] {
  return (Object.keys(BLOCK_BITS) as BlockReason[]).filter((r) => (blocked & BLOCK_BITS[r]) !== 0);
}

/** One criterion's mark from 0 to 1; what cannot be judged (nothing given) scores half. */
function markOf(criterion: Criterion, f: PairFacts, targetMinutes: number): number {
  switch (criterion) {
    case 'topics':
      return f.menteeTopics === 0 ? 0.5 : f.sharedTopics / f.menteeTopics;
    case 'goals':
      return f.menteeGoals === 0 ? 0.5 : f.sharedGoals / f.menteeGoals;
    case 'language':
      return f.languageUnknown ? 0.5 : f.sharedLanguages > 0 ? 1 : 0;
    case 'timeZone':
      return Number.isNaN(f.tzMinutes) ? 0.5 : Math.max(0, 1 - f.tzMinutes / 720);
    case 'availability':
      return f.overlap < 0 ? 0.5 : Math.min(1, (f.overlap * SLOT_MINUTES) / targetMinutes);
    case 'industry':
      return f.industry < 0 ? 0.5 : f.industry;
    case 'preferences':
      // Nothing wished, nothing missed.
      return f.softTotal === 0 ? 1 : f.softMet / f.softTotal;
  }
}

export function marksOf(facts: PairFacts, criteria: MatchCriteria): Record<Criterion, number> {
  const target = criteria.availabilityTargetHours * 60;
  return Object.fromEntries(CRITERIA.map((c) => [c, markOf(c, facts, target)])) as Record<Criterion, number>;
}

/**
 * The score of a pair, a whole number from 1 to 100 (0 when a hard rule fails). Whole numbers keep
 * the solver's sums exact; a feasible pair scores at least 1, so matching it never lowers a total.
 */
export function makeScorer(criteria: MatchCriteria): (facts: PairFacts) => number {
  const constant = constantUnderHardRules(criteria);
  const counted = CRITERIA.filter((c) => !constant.has(c) && criteria.weights[c] > 0);
  const total = counted.reduce((sum, c) => sum + criteria.weights[c], 0);
  const [wTopics, wGoals, wLanguage, wTz, wAvail, wIndustry, wPrefs] = CRITERIA.map((c) =>
    counted.includes(c) ? criteria.weights[c] / total : 0,
  );
  const target = criteria.availabilityTargetHours * 60;
  // marksOf's formulas, inlined: this runs once for every pair of a programme. A spec checks that
  // the two agree on random pairs.
  return (f) => {
    if (f.blocked !== 0) return 0;
    if (total === 0) return 100;
    const mean =
      wTopics * (f.menteeTopics === 0 ? 0.5 : f.sharedTopics / f.menteeTopics) +
      wGoals * (f.menteeGoals === 0 ? 0.5 : f.sharedGoals / f.menteeGoals) +
      wLanguage * (f.languageUnknown ? 0.5 : f.sharedLanguages > 0 ? 1 : 0) +
      wTz * (f.tzMinutes !== f.tzMinutes ? 0.5 : Math.max(0, 1 - f.tzMinutes / 720)) +
      wAvail * (f.overlap < 0 ? 0.5 : Math.min(1, (f.overlap * SLOT_MINUTES) / target)) +
      wIndustry * (f.industry < 0 ? 0.5 : f.industry) +
      wPrefs * (f.softTotal === 0 ? 1 : f.softMet / f.softTotal);
    return Math.round(1 + 99 * mean);
  };
}
