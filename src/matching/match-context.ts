import { checkCapacity, MatchInputError, ruleProblems } from './criteria';
import type { MatchProfile, MatchRule, MentorProfile, RuleKind } from './match.types';
import { offsetAt, utcWeekMask } from './weekly-slots';

// Profiles turned once into bitsets and numbers, so that scoring a pair (millions of times in one
// assignment) is a few ANDs and popcounts with no string in sight.

export interface CompiledRule {
  kind: RuleKind;
  /** For `background`: the keyword's index. */
  keyword: number;
  /** For `max-tz-distance` and `shared-time`: the hours. */
  hours: number;
  text: string;
}

export interface PreparedProfile {
  index: number;
  profile: MatchProfile;
  topics: Uint32Array;
  topicCount: number;
  goals: Uint32Array;
  goalCount: number;
  languages: Uint32Array;
  languageCount: number;
  /** -1 when not given. */
  industry: number;
  /** UTC offset in minutes at `now`; NaN for an unknown zone. */
  offset: number;
  /** Free time as UTC half-hour slots, null when none given. */
  week: Uint32Array | null;
  /** The background keywords (any person's `background` preference) this person carries. */
  traits: Uint32Array;
  hardRules: CompiledRule[];
  softRules: CompiledRule[];
}

export const normalise = (word: string): string => word.trim().toLowerCase().replace(/\s+/g, ' ');

class Vocabulary {
  private readonly index = new Map<string, number>();
  add(word: string): number {
    const key = normalise(word);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(key, i);
    }
    return i;
  }
  get(word: string): number {
    return this.index.get(normalise(word)) ?? -1;
  }
  get words(): number {
    return Math.max(1, Math.ceil(this.index.size / 32));
  }
  keys(): string[] {
    return [...this.index.keys()];
  }
}

function bitset(words: number, indices: Iterable<number>): Uint32Array {
  const set = new Uint32Array(words);
  for (const i of indices) if (i >= 0) set[i >>> 5] |= 1 << (i & 31);
  return set;
}

const wordsOf = (text: string): string => ` ${normalise(text.replace(/[^\p{L}\p{N}]+/gu, ' '))} `;

/**
 * Everything one assignment or one score needs about its people: mentors and mentees prepared
 * against one shared vocabulary, with offsets taken at `now`.
 */
export class MatchContext {
  readonly mentors: PreparedProfile[];
  readonly mentees: PreparedProfile[];
  readonly programmeRules: CompiledRule[];
  /** Each mentor's capacity, by mentor index. */
  readonly capacity: Int32Array;
  private readonly keywords = new Vocabulary();

  constructor(
    mentors: readonly MentorProfile[],
    mentees: readonly MatchProfile[],
    rules: readonly MatchRule[],
    now: Date,
  ) {
    const problems = mentors.flatMap((m) => checkCapacity(m.id, m.capacity));
    for (const person of [...mentors, ...mentees]) {
      for (const preference of person.preferences ?? []) {
        problems.push(...ruleProblems(preference).map((p) => `${person.id}: ${p}`));
      }
    }
    if (problems.length > 0) throw new MatchInputError(problems.join('; '));

    const topics = new Vocabulary();
    const goals = new Vocabulary();
    const languages = new Vocabulary();
    const industries = new Vocabulary();
    const everyone = [...mentors, ...mentees];
    for (const person of everyone) {
      person.topics.forEach((t) => topics.add(t));
      person.goals.forEach((g) => goals.add(g));
      person.languages.forEach((l) => languages.add(l));
      if (person.industry) industries.add(person.industry);
      for (const rule of [...(person.preferences ?? []), ...rules]) {
        if (rule.kind === 'background') this.keywords.add(String(rule.value));
      }
    }
    const keywordList = this.keywords.keys();
    const prepare = (person: MatchProfile, index: number): PreparedProfile => {
      const offset = offsetAt(person.timeZone, now);
      const topicIds = new Set(person.topics.map((t) => topics.get(t)));
      const goalIds = new Set(person.goals.map((g) => goals.get(g)));
      const languageIds = new Set(person.languages.map((l) => languages.get(l)));
      const text = wordsOf(
        [...(person.background ?? []), person.industry ?? '', person.bio ?? ''].join(' | '),
      );
      const carried = keywordList.map((k, i) => (text.includes(wordsOf(k)) ? i : -1));
      const compiled = (person.preferences ?? []).map((p) => ({ hard: p.hard, rule: this.compile(p) }));
      return {
        index,
        profile: person,
        topics: bitset(topics.words, topicIds),
        topicCount: topicIds.size,
        goals: bitset(goals.words, goalIds),
        goalCount: goalIds.size,
        languages: bitset(languages.words, languageIds),
        languageCount: languageIds.size,
        industry: person.industry ? industries.get(person.industry) : -1,
        offset: offset ?? NaN,
        week: offset === null ? null : utcWeekMask(person.availability, offset),
        traits: bitset(this.keywords.words, carried),
        hardRules: compiled.filter((c) => c.hard).map((c) => c.rule),
        softRules: compiled.filter((c) => !c.hard).map((c) => c.rule),
      };
    };
    this.mentors = mentors.map(prepare);
    this.capacity = Int32Array.from(mentors, (m) => m.capacity);
    this.mentees = mentees.map(prepare);
    this.programmeRules = rules.map((r) => this.compile(r));
  }

  private compile(rule: MatchRule): CompiledRule {
    return {
      kind: rule.kind,
      keyword: rule.kind === 'background' ? this.keywords.get(String(rule.value)) : -1,
      hours:
        rule.kind === 'max-tz-distance'
          ? Number(rule.value)
          : rule.kind === 'shared-time'
            ? Number(rule.value ?? 0.5)
            : 0,
      text: rule.value === undefined ? '' : String(rule.value),
    };
  }
}
