import type { ParticipantRole } from '../../rendering/template-props';

/**
 * The prompt library is content kept as data: typed, reviewed like code, and checked by
 * tests (word counts, unique keys, every prompt renders). Admin-edited prompts can be stored
 * in the same shape.
 */

/** 'letter' is answered like a prompt, but MentorMail keeps the reply and sends it back later. */
export type PromptKind = 'prompt' | 'poll' | 'video-checkin' | 'letter';

export type PromptTheme = 'getting-started' | 'goals' | 'culture' | 'growth' | 'check-in' | 'closing';

/** One side's copy. Together about 150 words at most, with exactly one clear ask. */
export interface PromptCopy {
  intro: string;
  ask: string;
  /** What to reply, concretely ("Reply with three lines: ..."). */
  replyHint: string;
  /** A model answer; the research says a mentor's own example makes the ask land. */
  example?: string;
  roleLine?: string;
}

export interface PromptDefinition {
  /** Stable id: curricula, schedules and answers refer to it, so never rename one in use. */
  key: string;
  /** Short: it becomes the subject line ("Week 3: ..."), which should stay under ~50 characters. */
  title: string;
  kind: PromptKind;
  theme: PromptTheme;
  /** Honest time it takes, shown in the email. */
  minutes: number;
  body: Readonly<Record<ParticipantRole, PromptCopy>>;
  /** `src` is an https URL or a path under the configured asset base URL (our own domain). */
  image?: { src: string; alt: string };
  link?: { url: string; label: string };
  /** Numbered choices. Required for polls; for prompts they are a list to pick from. */
  pollOptions?: readonly string[];
  /** video-checkin only: length of the call in the attached .ics. */
  callMinutes?: number;
}

/** Which prompt goes out when within a week: day 0 is the pair's prompt day. */
export interface CurriculumItem {
  promptKey: string;
  dayOffset: number;
}

export type CurriculumNotice = 'two-weeks-left' | 'closing';

export interface CurriculumStep {
  week: number;
  items: readonly CurriculumItem[];
  /** What "swap" offers instead of this week's first prompt. */
  swapKeys: readonly string[];
  /** Letters (kind 'letter') written earlier that MentorMail returns this week. */
  returnLetterKeys?: readonly string[];
  notices?: readonly CurriculumNotice[];
  /** Why the week looks like this, for staff reading or editing the curriculum. */
  note?: string;
}

export interface Curriculum {
  key: string;
  name: string;
  weeks: number;
  steps: readonly CurriculumStep[];
}
