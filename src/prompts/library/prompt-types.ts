import type { ParticipantRole } from '../../rendering/template-props';

/**
 * The prompt library: each prompt's facts are data here (typed, reviewed like code, checked by
 * tests), and its words are its own MJML file, templates/prompts/<key>.mjml, with the copy
 * for mentor and mentee.
 */

/** 'letter' is answered like a prompt, but MentorMail keeps the reply and sends it back later. */
export type PromptKind = 'prompt' | 'poll' | 'video-checkin' | 'letter';

/** Data a prompt is filled with at send time, from the programme's films and tours. */
export type PromptData = 'film-pick' | 'film-discussion' | 'virtual-tour';

export type PromptTheme =
  | 'getting-started'
  | 'goals'
  | 'culture'
  | 'growth'
  | 'check-in'
  | 'closing'
  | 'circle';

/**
 * One side's card: the one clear ask and what to reply. The email shows it in its ask box; the
 * prompt's record in the thread and the calendar invite use it too, hence data, not MJML.
 */
export interface PromptCard {
  ask: string;
  /** What to reply, concretely ("Reply with three lines: ..."). */
  replyHint: string;
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
  card: Readonly<Record<ParticipantRole, PromptCard>>;
  /** `src` is an https URL or a path under the configured asset base URL (our own domain). */
  image?: { src: string; alt: string };
  link?: { url: string; label: string };
  /** Numbered choices. Required for polls; for prompts they are a list to pick from. */
  pollOptions?: readonly string[];
  /** video-checkin only: length of the call in the attached .ics. */
  callMinutes?: number;
  /**
   * The role whose card reacts to the partner's answer ("read their timeline"). Such a prompt
   * may only go out mentor-first (the mentor's part first, the mentee's after the answer), and
   * never as a one-sided swap for that role.
   */
  reacts?: ParticipantRole;
  /** Which programme data the email is filled with (movie club films, a virtual tour). */
  uses?: PromptData;
  /** The reacting role's card when the partner has not answered by the deadline: honest, standalone. */
  withoutPartner?: PromptCard;
}

/** Which prompt goes out when within a week: day 0 is the pair's prompt day. */
export interface CurriculumItem {
  promptKey: string;
  dayOffset: number;
  /**
   * The mentor's part goes out at the slot; the mentee's follows as soon as the mentor has
   * answered it, or `waitDays` after the mentee's own slot (then saying the mentor has not).
   */
  mentorFirst?: { waitDays: number };
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
