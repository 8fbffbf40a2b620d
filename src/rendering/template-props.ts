import type { MalformedProblem } from '../inbound/parsing/parse-inbound';

/**
 * The data each email template needs. Copy is written in the MJML files; these types are the
 * contract between a template and whoever sends it. Dates arrive pre-formatted in the
 * recipient's locale and time zone (the sender has luxon and the participant's zone; a
 * template has neither), hence the `...Text` fields.
 */

export type ParticipantRole = 'mentor' | 'mentee';

/**
 * What an email is, for its footer's promise of who reads what: a prompt's reply goes to the
 * partner (staff can read it), a poll's answer to staff only, a letter to your future self to
 * you only, a returned letter and a digest went only to you, a notice is automatic and only yours,
 * a staff email was written by staff and a reply goes back to them.
 */
export type EmailKind =
  'prompt' | 'poll' | 'letter' | 'letter-returned' | 'digest' | 'personal' | 'notice' | 'staff';

/** Every email. `lang` is a BCP 47 tag from the recipient's locale and becomes `<html lang>`. */
export interface BaseProps {
  lang: string;
  programmeName: string;
}

/**
 * Mail to a member of a pair: role-specific copy, and the honest footer saying who can read
 * the conversation, with pause and unsubscribe (prompts only; the relay keeps working) links.
 */
export interface ParticipantProps extends BaseProps {
  recipientName: string;
  role: ParticipantRole;
  /** The other side's display name, never their address. */
  partnerName: string;
  pauseUrl: string;
  unsubscribeUrl: string;
  /**
   * Mail to a circle member: the circle's name. The footer and reply line then say a reply goes
   * to everyone in the circle, and a poll's that the circle sees counts only.
   */
  circleName?: string;
}

export interface ImageRef {
  url: string;
  /** Required: every image must make sense to a screen reader and with images blocked. */
  alt: string;
}

export interface LinkRef {
  url: string;
  label: string;
}

interface WeekProps {
  week: number;
  totalWeeks: number;
}

/**
 * Every library prompt's email (templates/prompts/<key>.mjml): the file holds that prompt's
 * words for each role; these are the facts it is filled with. The ask, the time it takes and
 * what to reply are the prompt's card, kept as data because the thread, the calendar invite and
 * the digest use them too.
 */
export interface LibraryPromptProps extends ParticipantProps, WeekProps {
  title: string;
  ask: string;
  minutes: number;
  replyHint: string;
  image?: ImageRef;
  link?: LinkRef;
  /** Numbered choices answered by replying with the number (a poll's come with vote links). */
  options?: PollOption[];
  /** Video check-ins: length of the call described by the attached .ics. */
  durationMinutes?: number;
  /** Video check-ins: the slot the .ics proposes, e.g. "Thursday 12 March at 18:00". */
  proposedTimeText?: string;
  /** The footer's promise: a poll's answer and a letter to yourself are not for the partner. */
  emailKind?: Extract<EmailKind, 'prompt' | 'poll' | 'letter'>;
  /** The mentee's part of a mentor-first step: what the mentor answered, quoted above the ask. */
  partnerAnswer?: string;
  /** The same, when the mentor had not answered by the end of the wait: said plainly. */
  partnerAnswerMissing?: boolean;
  /** Movie club pick: the three films offered, numbered for the reply. */
  films?: FilmCard[];
  /** Movie club discussion: the film the pair picked (absent when no pick could be read). */
  film?: FilmCard;
  /** Museum visit: this pairing's own tour. */
  tour?: TourCard;
}

export interface FilmCard {
  number: number;
  title: string;
  year: number;
  /** e.g. "1 h 43 min" */
  runtimeText: string;
  /** The rating as the catalogue gives it, e.g. "PG-13". */
  ageRating: string;
  themesText: string;
  discussionAngle: string;
}

export interface TourCard {
  name: string;
  url: string;
  lookAt: string;
  careerQuestion: string;
}

export interface PollOption {
  label: string;
  /** Signed one-click vote link; without it the option is answered by replying its number. */
  voteUrl?: string;
}

/** The letter a participant wrote to their future self, returned near the end. */
export interface LetterReturnedProps extends ParticipantProps {
  writtenInWeek: number;
  writtenOnText: string;
  /** The participant's own words; escaped and split into paragraphs on blank lines. */
  letterText: string;
}

/**
 * The programme's open topic rooms in a digest, each with the line that joins it by reply (or,
 * when the reader is in it already, the one that leaves it). Absent when the programme has none.
 */
export interface TopicRoomsListProps {
  rooms?: { name: string; topic: string; joined: boolean }[];
}

export interface DigestWeeklyProps extends ParticipantProps, WeekProps, TopicRoomsListProps {
  /** This week's prompt and whether each side answered; absent when none went out. */
  prompt?: { title: string; youAnswered: boolean; partnerAnswered: boolean };
  /** Who owes the next reply and since when; absent when nobody does. */
  owesReply?: { who: 'you' | 'partner'; sinceText: string };
  /**
   * This week's polls: the recipient's own answer, and programme-wide counts once at least
   * POLL_COUNTS_MIN_ANSWERS people answered (never the pairing's votes: they would tell the partner's).
   */
  pollResults?: {
    question: string;
    yourAnswer?: string;
    programme?: { answers: number; options: { label: string; votes: number }[] };
    /** The threshold above, for the sentence that explains missing counts. */
    minAnswers: number;
  }[];
  /** The next prompt; absent after the last one. */
  next?: { title: string; whenText: string };
  progress: {
    week: number;
    totalWeeks: number;
    promptsSent: number;
    answeredByYou: number;
    answeredByPartner: number;
  };
}

/** Sent to someone who is not (or not from this address) a member: no role, no footer links. */
export interface RejectedUnknownSenderProps extends BaseProps {
  relayAddress: string;
  originalSubject: string;
}

/** A vote by reply in the "best reply day" poll: the voter's new prompt day, confirmed. */
export interface ReplyDayProps extends ParticipantProps {
  /** The weekday chosen, e.g. "Thursday". */
  dayText: string;
  /** When the next prompt now arrives, if the vote moved it. */
  nextPromptText?: string;
  closesOnText: string;
  /** Set while the voter's prompts are stopped (#stop, unsubscribe) or paused: the day waits for #resume. */
  promptsOff?: 'stopped' | 'paused';
}

/**
 * A reply to the notices address (the sender of notices that concern no pairing): nobody reads
 * it, nothing was passed on, and where to write instead.
 */
export interface NoticesAddressProps extends BaseProps {
  recipientName: string;
  noticesAddress: string;
  originalSubject: string;
  /** Their pairing's relay address and partner, when they are in a pairing that is not over. */
  relayAddress?: string;
  partnerName?: string;
  staffContactText: string;
}

export interface RejectedInactivePairingProps extends ParticipantProps {
  originalSubject: string;
  reason: 'closed' | 'paused' | 'not-started';
  resumesOnText?: string;
  staffContactText: string;
}

/** A member's message to a paused pairing: kept, and relayed when staff resume the pairing. */
export interface HeldPausedPairingProps extends ParticipantProps {
  originalSubject: string;
  staffContactText: string;
  /** The email is for MentorMail to act on (a command, a vote, a letter), not a message to pass on. */
  forUs?: boolean;
}

/**
 * Safeguarding's moderation queue, to the author: their message `waiting` for the programme team,
 * passed on `edited` (with what was sent), or `rejected` (with staff's reason).
 */
export interface ModerationNoticeProps extends ParticipantProps {
  change: 'waiting' | 'edited' | 'rejected';
  /** waiting: the email is for MentorMail to act on (a command, a vote, a letter), not a message to pass on. */
  forUs?: boolean;
  originalSubject: string;
  staffContactText: string;
  /** edited: the text the partner received; '' otherwise. */
  editedText: string;
  /** rejected: staff's words on why; '' otherwise. */
  reasonText: string;
}

/** The curriculum's "two weeks left" email, to each member at their own send time. */
export interface TwoWeeksLeftProps extends ParticipantProps {
  week: number;
  totalWeeks: number;
  /** "Two weeks", from the curriculum: the week it goes out and the number of weeks. */
  weeksLeftTitle: string;
  /** The local date of the member's last curriculum prompt, e.g. "Friday 22 May". */
  lastPromptText?: string;
  /** A programme with a planned end date: the day the pair closes (then the week count is not said). */
  endsOnText?: string;
}

/** To each member when their pairing ends: staff's end, an end to rematch, or the planned end date. */
export interface PairingEndedProps extends ParticipantProps {
  reason: 'staff' | 'rematch' | 'planned-end';
  staffContactText: string;
}

/** Staff invite a pair to continue: each member says yes by replying #continue. */
export interface ContinueInviteProps extends ParticipantProps {
  newEndsOnText: string;
  /** The pair's current planned end, when it has one. */
  endsOnText?: string;
}

/** The email after a member's last curriculum prompt. */
export interface CurriculumClosingProps extends ParticipantProps {
  totalWeeks: number;
}

export interface SizeNoticeProps extends ParticipantProps {
  originalSubject: string;
  /** e.g. "14.2 MB" */
  sizeText: string;
  limitText: string;
}

export interface RejectedEmptyProps extends ParticipantProps {
  originalSubject: string;
}

/** An email we could not read (`malformed`), and what was wrong with it. */
export interface RejectedMalformedProps extends ParticipantProps {
  originalSubject: string;
  problem: MalformedProblem;
}

/** A reply to a poll that counted for nothing: it held no vote, or came after the poll closed. */
export interface PollNotCountedProps extends ParticipantProps {
  pollTitle: string;
  reason: 'no-vote' | 'closed';
  /** The poll's options, with one-click vote links while it is open. */
  options: PollOption[];
  /** When the poll closed, in the recipient's zone; set for `closed`. */
  closedOnText?: string;
}

export interface HeldAuthenticationProps extends ParticipantProps {
  originalSubject: string;
  receivedAtText: string;
  staffContactText: string;
}

export interface CcExposedProps extends ParticipantProps {
  originalSubject: string;
  /** The addresses the sender chose to Cc; shown back only to that sender. */
  copiedAddresses: string[];
}

export interface AttachmentsDroppedProps extends ParticipantProps {
  originalSubject: string;
  /** Each file left out, as the author named it, and why in a few words. */
  droppedFiles: { name: string; why: string }[];
}

export type EmailCommand = 'pause' | 'resume' | 'skip' | 'stop' | 'help' | 'swap' | 'rematch' | 'continue';

export interface CommandConfirmationProps extends ParticipantProps {
  command: EmailCommand;
  pausedUntilText?: string;
  skippedPromptTitle?: string;
  nextPromptText?: string;
  /** #skip: 'nothing-left' when no prompt was coming to skip. */
  skipOutcome?: 'skipped' | 'nothing-left';
  /** #skip: the sender's next prompt after the skipped one; absent when it was their last. */
  nextPrompt?: { title: string; whenText: string };
  /** #swap: what happened (see SwapOutcome), from which prompt to which, and when it arrives. */
  swapOutcome?: 'sent-now' | 'next' | 'already' | 'no-alternative' | 'nothing-left';
  swapFromTitle?: string;
  swapToTitle?: string;
  swapWhenText?: string;
  /**
   * #continue: 'waiting' for the other member's yes, 'continued' (everyone said yes; the pair runs
   * to `continueEndsOnText`), or 'not-invited' when staff have not asked this pair to continue.
   */
  continueOutcome?: 'waiting' | 'continued' | 'not-invited';
  continueEndsOnText?: string;
  /** The command syntax lives with the command parser, so the template is told, not guessing. */
  commands: { example: string; effect: string }[];
}

/** The first email of a pairing, to each side: who the partner is, privacy, commands, first prompt. */
export interface WelcomeProps extends ParticipantProps {
  /** Each partner by first name (preferred, else the first word of the name), never an address. */
  partners: { name: string; role: ParticipantRole; about?: string }[];
  /** The partners' first names joined, for sentences ("Sam", "Sam & Lee"). */
  partnerFirstNames: string;
  relayAddress: string;
  commands: { example: string; effect: string }[];
  /** From the recipient's own prompt schedule; absent when nothing is scheduled for this pairing. */
  firstPrompt?: { title: string; whenText: string; zone: string };
}

/**
 * The welcome to a circle: the circle's name and who else reads (how many people, the leads by
 * name), never a member's address; the rest as in a pair's welcome.
 */
export interface CircleWelcomeProps extends ParticipantProps {
  circleName: string;
  /** Everyone in the circle now, the recipient included. */
  memberCount: number;
  /** The leads' first names, e.g. "Jordan and Ana"; the recipient is "you" when they lead. */
  leadsText: string;
  relayAddress: string;
  commands: { example: string; effect: string }[];
  firstPrompt?: { title: string; whenText: string; zone: string };
}

/**
 * A circle member's weekly digest: what the circle talked about (who wrote, under which subject),
 * this week's prompt and who answered it, poll counts (never who voted what), what comes next.
 */
export interface CircleDigestProps extends ParticipantProps, WeekProps, TopicRoomsListProps {
  circleName: string;
  /** This week's conversations, busiest first: the subject, its writers' first names, how many messages. */
  talk: { subject: string; authorsText: string; messages: number }[];
  prompt?: {
    title: string;
    youAnswered: boolean;
    answeredByText?: string;
    answered: number;
    members: number;
  };
  /** Counts within the circle once at least `minAnswers` answered; the recipient's own answer. */
  pollResults?: {
    question: string;
    yourAnswer?: string;
    circle?: { answers: number; options: { label: string; votes: number }[] };
    minAnswers: number;
  }[];
  next?: { title: string; whenText: string };
}

export * from './checkin-props';
export * from './lifecycle-props';
export * from './queue-props';
