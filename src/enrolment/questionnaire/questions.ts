import type { MatchPreference, WeeklySlot } from '../../matching/match.types';
import type { RoleWanted } from '../entities/participant-profile.entity';
import { availabilityText } from './availability';
import { labelOf, type ProfileOptions } from './profile-options';
import { preferenceText } from './preferences';

export type QuestionKey =
  | 'role'
  | 'preferred_name'
  | 'goals'
  | 'topics'
  | 'industry'
  | 'languages'
  | 'time_zone'
  | 'availability'
  | 'bio'
  | 'preferences'
  | 'capacity'
  | 'age'
  | 'guardian_email';

export interface Question {
  key: QuestionKey;
  /** Its number in this person's questionnaire (1-based), which their reply may use. */
  number: number;
  /** A short name for the summary ("Goals"); people sometimes copy it before their answer. */
  label: string;
  text: string;
  /** The programme's list to choose from (topics, goals), shown under the question. */
  options?: string[];
}

/** One answer as written, with when; `fixed` when staff gave it (the question is then not asked). */
export interface StoredAnswer {
  text: string;
  at: string;
  fixed?: boolean;
}

/** What the questionnaire reads and writes of a profile (see ParticipantProfile). */
export interface ProfileState {
  roleWanted: RoleWanted | null;
  answers: Partial<Record<QuestionKey, StoredAnswer>>;
  preferredName: string | null;
  goals: string[];
  topics: string[];
  industry: string | null;
  languages: string[];
  timeZone: string | null;
  availability: WeeklySlot[];
  bio: string | null;
  preferences: MatchPreference[];
  capacity: number | null;
  age: number | null;
  guardianEmail: string | null;
}

export interface ProgrammeRules {
  /** Youth programmes: under this age a guardian consents first. */
  consentAge: number | null;
}

/** Whether this person's guardian must consent: the programme asks it and their age is under it. */
export function needsGuardian(state: Pick<ProfileState, 'age'>, rules: ProgrammeRules): boolean {
  return rules.consentAge !== null && state.age !== null && state.age < rules.consentAge;
}

/**
 * This person's questions, numbered. The role is asked unless staff set it; a mentor's capacity
 * unless they chose to be a mentee; age in youth programmes, and a guardian's address under
 * the programme's age.
 */
export function questionsFor(
  state: ProfileState,
  rules: ProgrammeRules,
  options: ProfileOptions,
): Question[] {
  const list: Omit<Question, 'number'>[] = [];
  if (!state.answers.role?.fixed)
    list.push({ key: 'role', label: 'Role', text: 'Would you like to be a mentor, a mentee, or either?' });
  list.push(
    { key: 'preferred_name', label: 'Name', text: 'What first name should we use for you?' },
    {
      key: 'goals',
      label: 'Goals',
      text: 'What do you hope to get from mentoring? Name one or more from this list:',
      options: options.goals.map((o) => o.label),
    },
    {
      key: 'topics',
      label: 'Topics',
      text: 'Which topics and skills would you like to talk about? Name one or more from this list:',
      options: options.topics.map((o) => o.label),
    },
    { key: 'industry', label: 'Industry', text: 'Which industry do you work or study in (or want to)?' },
    { key: 'languages', label: 'Languages', text: 'Which languages do you speak?' },
    {
      key: 'time_zone',
      label: 'Time zone',
      text: 'Where do you live? A city is enough, for your time zone.',
    },
    {
      key: 'availability',
      label: 'Availability',
      text: 'When are you usually free in a week? For example "Tuesday and Thursday evenings" or "Mon 18-20".',
    },
    { key: 'bio', label: 'About you', text: 'Tell us about yourself in two or three sentences.' },
    {
      key: 'preferences',
      label: 'Preferences',
      text: 'Anything you need or prefer in a partner? Say "must" for a need, "prefer" for a wish (e.g. "must speak Spanish", "prefer someone who is first-generation"), or "none".',
    },
  );
  if (state.roleWanted !== 'mentee')
    list.push({
      key: 'capacity',
      label: 'Mentees',
      text: 'If you mentor: how many mentees can you take at once, 1, 2 or 3?',
    });
  if (rules.consentAge !== null) list.push({ key: 'age', label: 'Age', text: 'How old are you?' });
  if (rules.consentAge !== null && (state.age === null || state.age < rules.consentAge))
    list.push({
      key: 'guardian_email',
      label: 'Guardian',
      text: `If you are under ${rules.consentAge}: the email address of a parent or guardian, who we ask to agree.`,
    });
  return list.map((q, i) => ({ ...q, number: i + 1 }));
}

/** Whether a question has its answer; a guardian's address only counts when it is needed. */
export function isAnswered(q: Question, state: ProfileState, rules: ProgrammeRules): boolean {
  switch (q.key) {
    case 'role':
      return state.answers.role !== undefined && state.roleWanted !== null;
    case 'capacity':
      return state.roleWanted === 'mentee' || state.capacity !== null;
    case 'guardian_email':
      return state.age !== null && (!needsGuardian(state, rules) || state.guardianEmail !== null);
    default:
      return state.answers[q.key] !== undefined;
  }
}

export function missingQuestions(
  state: ProfileState,
  rules: ProgrammeRules,
  options: ProfileOptions,
): Question[] {
  return questionsFor(state, rules, options).filter((q) => !isAnswered(q, state, rules));
}

/** What was recorded for a question, as the summary shows it back. */
export function recordedValue(q: Question, s: ProfileState, options: ProfileOptions): string {
  const none = '(not answered yet)';
  switch (q.key) {
    case 'role':
      return s.roleWanted ?? none;
    case 'preferred_name':
      return s.preferredName ?? none;
    case 'goals':
      return s.goals.length ? s.goals.map((k) => labelOf(options.goals, k)).join(', ') : none;
    case 'topics':
      return s.topics.length ? s.topics.map((k) => labelOf(options.topics, k)).join(', ') : none;
    case 'industry':
      return s.industry ? labelOf(options.industries, s.industry) : none;
    case 'languages':
      return s.languages.length ? s.languages.map(capitalise).join(', ') : none;
    case 'time_zone':
      return s.answers.time_zone ? (s.timeZone ?? none) : none;
    case 'availability':
      return s.availability.length ? availabilityText(s.availability) : none;
    case 'bio':
      return s.bio ?? none;
    case 'preferences':
      if (!s.answers.preferences) return none;
      return s.preferences.length ? s.preferences.map(preferenceText).join('; ') : 'none';
    case 'capacity':
      return s.roleWanted === 'mentee' ? 'not a mentor' : s.capacity !== null ? String(s.capacity) : none;
    case 'age':
      return s.age !== null ? String(s.age) : none;
    case 'guardian_email':
      return s.guardianEmail ?? (s.answers.guardian_email ? 'not needed' : none);
  }
}

function capitalise(word: string): string {
  return word.length <= 3 ? word.toUpperCase() : word[0].toUpperCase() + word.slice(1);
}
