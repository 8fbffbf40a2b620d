import type { CompiledRule, MatchContext, PreparedProfile } from './match-context';
import { normalise } from './match-context';
import type { MatchCriteria, PairScore, Weekday } from './match.types';
import {
  BLOCK_BITS,
  blockReasons,
  evaluatePair,
  makeScorer,
  marksOf,
  PairFacts,
  ruleBreak,
} from './pair-facts';
import { sharedDays } from './weekly-slots';

// Plain words for a pair: "3 shared topics, 2 h apart, both free Tuesdays". Read by staff and,
// later, by the mentee choosing among suggestions, so no jargon and no numbers without units.

const DAY_NAMES: Record<Weekday, string> = {
  mon: 'Mondays',
  tue: 'Tuesdays',
  wed: 'Wednesdays',
  thu: 'Thursdays',
  fri: 'Fridays',
  sat: 'Saturdays',
  sun: 'Sundays',
};

const counted = (n: number, one: string, many: string) =>
  n === 0 ? `no ${one}` : `${n} ${n === 1 ? one : many}`;

export function listWords(words: string[]): string {
  return words.length <= 1
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export function durationText(minutes: number): string {
  if (minutes < 60) return `${Math.round(minutes)} min`;
  return `${Math.round((minutes / 60) * 10) / 10} h`;
}

function ruleText(rule: CompiledRule): string {
  switch (rule.kind) {
    case 'same-language':
      return 'a shared language';
    case 'same-industry':
      return 'the same industry';
    case 'background':
      return `a "${rule.text}" background`;
    case 'max-tz-distance':
      return `at most ${durationText(rule.hours * 60)} apart`;
    case 'shared-time':
      return `at least ${durationText(rule.hours * 60)} free together each week`;
  }
}

/** Why a hard rule fails, in words that name the figure against the limit. */
function brokenText(rule: CompiledRule, facts: PairFacts): string {
  switch (rule.kind) {
    case 'same-language':
      return 'no shared language';
    case 'same-industry':
      return facts.industry < 0
        ? 'industry not given (same industry required)'
        : 'different industries (same required)';
    case 'background':
      return `no "${rule.text}" background`;
    case 'max-tz-distance':
      return Number.isNaN(facts.tzMinutes)
        ? `time zone unknown (at most ${durationText(rule.hours * 60)} apart required)`
        : `${durationText(facts.tzMinutes)} apart, more than the ${durationText(rule.hours * 60)} allowed`;
    case 'shared-time':
      return facts.overlap <= 0
        ? 'no common free time'
        : `only ${durationText(facts.overlap * 30)} free together, ${durationText(rule.hours * 60)} required`;
  }
}

/** The words both lists hold, spelt as either side capitalised them ("Spanish" over "spanish"). */
function sharedNames(mine: readonly string[], theirs: readonly string[]): string[] {
  const spelling = new Map<string, string>();
  for (const word of [...theirs, ...mine]) {
    const key = normalise(word);
    const known = spelling.get(key);
    if (known === undefined || (known === known.toLowerCase() && word !== word.toLowerCase()))
      spelling.set(key, word.trim());
  }
  const other = new Set(theirs.map(normalise));
  return [...new Set(mine.map(normalise).filter((k) => other.has(k)))].map((k) => spelling.get(k) ?? k);
}

function fitReasons(
  mentor: PreparedProfile,
  mentee: PreparedProfile,
  facts: PairFacts,
  hardLanguage: boolean,
): string[] {
  const reasons: string[] = [];
  if (facts.menteeTopics > 0) reasons.push(counted(facts.sharedTopics, 'shared topic', 'shared topics'));
  if (facts.menteeGoals > 0) reasons.push(counted(facts.sharedGoals, 'shared goal', 'shared goals'));
  if (!Number.isNaN(facts.tzMinutes)) {
    reasons.push(facts.tzMinutes === 0 ? 'same time zone' : `${durationText(facts.tzMinutes)} apart`);
  }
  if (facts.overlap === 0) reasons.push('no common free time');
  if (facts.overlap > 0 && mentor.week && mentee.week) {
    // Days as the mentee lives them.
    const days = sharedDays(mentor.week, mentee.week, mentee.offset).map((d) => DAY_NAMES[d]);
    reasons.push(days.length > 3 ? `both free on ${days.length} days` : `both free ${listWords(days)}`);
  }
  const languages = sharedNames(mentee.profile.languages, mentor.profile.languages);
  if (languages.length > 0) reasons.push(`both speak ${listWords(languages)}`);
  else if (!facts.languageUnknown && !hardLanguage) reasons.push('no shared language');
  if (facts.industry === 1) reasons.push(`both in ${mentee.profile.industry}`);
  if (facts.industry === 0) reasons.push('different industries');
  const wishes = (who: string, rules: CompiledRule[], partner: PreparedProfile) =>
    rules.map(
      (rule) =>
        `${ruleBreak(rule, partner, facts) === 0 ? 'meets' : 'misses'} the ${who}'s wish for ${ruleText(rule)}`,
    );
  reasons.push(...wishes('mentee', mentee.softRules, mentor), ...wishes('mentor', mentor.softRules, mentee));
  return reasons;
}

function blockTexts(
  ctx: MatchContext,
  mentor: PreparedProfile,
  mentee: PreparedProfile,
  facts: PairFacts,
): string[] {
  const texts: string[] = [];
  if (facts.blocked & BLOCK_BITS['same-person']) texts.push('same person');
  if (facts.blocked & BLOCK_BITS.forbidden) texts.push('asked never to be paired again');
  const broken = (rules: readonly CompiledRule[], partner: PreparedProfile) =>
    rules.filter((r) => ruleBreak(r, partner, facts) !== 0).map((r) => brokenText(r, facts));
  texts.push(
    ...broken(ctx.programmeRules, mentor),
    ...broken(mentee.hardRules, mentor).map((t) => `${t} (the mentee's rule)`),
    ...broken(mentor.hardRules, mentee).map((t) => `${t} (the mentor's rule)`),
  );
  return [...new Set(texts)];
}

/** Score and explain one pair of a prepared context. */
export function describePair(
  ctx: MatchContext,
  criteria: MatchCriteria,
  mentorIndex: number,
  menteeIndex: number,
  forbidden = false,
): PairScore {
  const mentor = ctx.mentors[mentorIndex];
  const mentee = ctx.mentees[menteeIndex];
  const facts = evaluatePair(mentor, mentee, ctx.programmeRules, new PairFacts());
  if (forbidden) facts.blocked |= BLOCK_BITS.forbidden;
  const score = makeScorer(criteria)(facts);
  const feasible = facts.blocked === 0;
  const hardLanguage = ctx.programmeRules.some((r) => r.kind === 'same-language');
  const reasons = feasible
    ? fitReasons(mentor, mentee, facts, hardLanguage)
    : blockTexts(ctx, mentor, mentee, facts);
  return {
    feasible,
    score,
    marks: marksOf(facts, criteria),
    reasons,
    explanation: reasons.join(', '),
    blockedBy: blockReasons(facts.blocked),
  };
}
