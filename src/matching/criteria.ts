import { CRITERIA, type Criterion, type MatchCriteria, type MatchRule, type RuleKind } from './match.types';

/** Bad input to the engine (a capacity out of range, a negative weight): the caller's mistake. */
export class MatchInputError extends Error {}

/**
 * The defaults a programme starts with. Topics weigh most (why people join), then free time in
 * common and goals; a shared language is a hard rule, so its weight only counts where a programme
 * makes it soft. The weights are relative: only their ratios matter.
 */
export const DEFAULT_CRITERIA: MatchCriteria = {
  weights: {
    topics: 30,
    goals: 15,
    language: 10,
    timeZone: 10,
    availability: 20,
    industry: 5,
    preferences: 10,
  },
  hardRules: [{ kind: 'same-language' }],
  availabilityTargetHours: 2,
  objective: 'participation',
};

export const MIN_CAPACITY = 1;
export const MAX_CAPACITY = 3;

const RULE_KINDS: readonly RuleKind[] = [
  'same-language',
  'same-industry',
  'background',
  'max-tz-distance',
  'shared-time',
];

/** The programme's criteria over the defaults, checked once; throws MatchInputError listing every problem. */
export function resolveCriteria(partial: Partial<MatchCriteria> = {}): MatchCriteria {
  const criteria: MatchCriteria = {
    ...DEFAULT_CRITERIA,
    ...partial,
    weights: { ...DEFAULT_CRITERIA.weights, ...partial.weights },
    hardRules: partial.hardRules ?? DEFAULT_CRITERIA.hardRules,
  };
  const problems: string[] = [];
  for (const criterion of CRITERIA) {
    const weight = criteria.weights[criterion];
    if (!Number.isFinite(weight) || weight < 0) problems.push(`weight ${criterion} must be a number >= 0`);
  }
  if (!CRITERIA.some((c) => criteria.weights[c] > 0)) problems.push('at least one weight must be above 0');
  if (!(criteria.availabilityTargetHours > 0)) problems.push('availabilityTargetHours must be above 0');
  if (criteria.objective !== 'participation' && criteria.objective !== 'score') {
    problems.push(`objective must be participation or score`);
  }
  criteria.hardRules.forEach((rule) => problems.push(...ruleProblems(rule)));
  if (problems.length > 0) throw new MatchInputError(problems.join('; '));
  return criteria;
}

export function ruleProblems(rule: MatchRule): string[] {
  if (!RULE_KINDS.includes(rule.kind)) return [`unknown rule ${String(rule.kind)}`];
  if (rule.kind === 'background' && !(typeof rule.value === 'string' && rule.value.trim() !== '')) {
    return ['a background rule names a background'];
  }
  if (rule.kind === 'max-tz-distance' && !(Number(rule.value) >= 0)) {
    return ['a max-tz-distance rule gives hours >= 0'];
  }
  if (rule.kind === 'shared-time' && rule.value !== undefined && !(Number(rule.value) > 0)) {
    return ['a shared-time rule gives hours > 0'];
  }
  return [];
}

/** The criteria a programme's hard rules make constant over every feasible pair: their weight would only add a constant. */
export function constantUnderHardRules(criteria: MatchCriteria): Set<Criterion> {
  const constant = new Set<Criterion>();
  for (const rule of criteria.hardRules) {
    if (rule.kind === 'same-language') constant.add('language');
    if (rule.kind === 'same-industry') constant.add('industry');
  }
  return constant;
}

export function checkCapacity(id: string, capacity: number): string[] {
  return Number.isInteger(capacity) && capacity >= MIN_CAPACITY && capacity <= MAX_CAPACITY
    ? []
    : [`mentor ${id}: capacity must be a whole number from ${MIN_CAPACITY} to ${MAX_CAPACITY}`];
}
