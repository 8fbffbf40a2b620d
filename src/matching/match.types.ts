// The matching engine's vocabulary. Pure data: no storage, no Nest. Later pieces (enrolment,
// profiles by reply, mentee choice, closure) build these from their rows and feed the engine.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A free window in the person's own time zone, e.g. `{ day: 'tue', from: '18:00', to: '20:00' }`. */
export interface WeeklySlot {
  day: Weekday;
  /** `HH:mm`, on the half hour (other minutes round to the nearest half hour). */
  from: string;
  /** `HH:mm`; `24:00` ends at midnight, and a `to` at or before `from` runs past midnight. */
  to: string;
}

/**
 * What a rule or a preference asks of a pair. One vocabulary for the programme's hard rules and for
 * each person's own preferences, hard or soft:
 * - `same-language`: the two share a language;
 * - `same-industry`: the two work in the same industry;
 * - `background`: the partner's background tags, industry or bio name `value` (e.g. "first-generation");
 * - `max-tz-distance`: their clocks are at most `value` hours apart;
 * - `shared-time`: their weekly free times overlap by at least `value` hours (default half an hour).
 */
export type RuleKind = 'same-language' | 'same-industry' | 'background' | 'max-tz-distance' | 'shared-time';

export interface MatchRule {
  kind: RuleKind;
  value?: string | number;
}

export interface MatchPreference extends MatchRule {
  /** A hard preference excludes every partner who fails it; a soft one only lowers their score. */
  hard: boolean;
}

export interface MatchProfile {
  id: string;
  languages: string[];
  /** An IANA zone (`Europe/Paris`); an unknown zone counts as "can't tell", never as an error. */
  timeZone: string;
  availability: WeeklySlot[];
  /** Keys from the programme's topic list (free text is mapped to it before it gets here). */
  topics: string[];
  /** Keys from the programme's goal list: what a mentee wants, what a mentor can help with. */
  goals: string[];
  industry?: string | null;
  /** Tags a `background` preference can name ("first-generation", "career-changer"). */
  background?: string[];
  bio?: string;
  preferences?: MatchPreference[];
}

export interface MentorProfile extends MatchProfile {
  /** How many mentees this mentor takes: 1 to 3. */
  capacity: number;
}

/** The weighted criteria. Each scores a pair from 0 to 1; a criterion that cannot be judged scores half. */
export type Criterion =
  'topics' | 'goals' | 'language' | 'timeZone' | 'availability' | 'industry' | 'preferences';
export const CRITERIA: readonly Criterion[] = [
  'topics',
  'goals',
  'language',
  'timeZone',
  'availability',
  'industry',
  'preferences',
];

/**
 * - `participation`: as many people matched as the rules allow, then the highest total score;
 * - `score`: the highest total score, even if that leaves someone out who could have been matched.
 */
export type MatchObjective = 'participation' | 'score';

export interface MatchCriteria {
  weights: Record<Criterion, number>;
  /** Rules every pair must meet, whatever the people prefer. */
  hardRules: MatchRule[];
  /** Weekly overlap (hours) that earns full marks for availability. */
  availabilityTargetHours: number;
  objective: MatchObjective;
}

export interface ForbiddenPair {
  mentorId: string;
  menteeId: string;
}

/** Why a pair may not be matched; the words shown to staff are in explain.ts. */
export type BlockReason =
  | 'same-person'
  | 'forbidden'
  | 'no-shared-language'
  | 'industry-differs'
  | 'background-missing'
  | 'tz-too-far'
  | 'no-shared-time';

export interface PairScore {
  feasible: boolean;
  /** 1 to 100 for a feasible pair, 0 for one that breaks a hard rule. */
  score: number;
  /** Each criterion's mark, 0 to 1 (0.5 where it cannot be judged). */
  marks: Record<Criterion, number>;
  /** Short plain phrases: "3 shared topics", "2 h apart", "both free Tuesdays". */
  reasons: string[];
  /** The reasons in one line, for a person to read. */
  explanation: string;
  /** Every hard rule the pair breaks (empty when feasible). */
  blockedBy: BlockReason[];
}
