import type { BaseProps, ParticipantProps } from './template-props';

/**
 * The data of the lifecycle's own emails (enrolment, mentee choice, circles and topic rooms), apart
 * from the curriculum's and the relay's in template-props.ts, which re-exports them.
 */

/** A mentor in a mentee's suggestions: first name only, never a surname or an address. */
export interface SuggestedMentorCard {
  /** What the mentee replies to choose them: 1, 2 or 3. */
  number: number;
  name: string;
  /** Their role or industry, e.g. "Nursing", when they gave one. */
  roleText?: string;
  bio?: string;
  /** The engine's reasons in words: "3 shared topics, 2 h apart, both free Tuesdays". */
  why: string;
}

/** Why a suggestions email is sent (see templates/notices/choice-suggestions.mjml). */
export type ChoiceSuggestionsLead =
  'first' | 'more' | 'unreadable' | 'declined' | 'expired' | 'lost' | 'new-mentors';

/** A mentee's three suggested mentors, answered from their desk with 1, 2, 3 or "more". */
export interface ChoiceSuggestionsProps extends BaseProps {
  recipientName: string;
  lead: ChoiceSuggestionsLead;
  /** The mentor of the request that did not work out (declined, expired, lost). */
  previousName?: string;
  mentors: SuggestedMentorCard[];
  /** The numbers to reply with, e.g. "1, 2 or 3" (fewer when fewer mentors are left). */
  numbersText: string;
  /** The programme's reply window, e.g. "3 days". */
  replyHoursText: string;
}

/** Where a mentee's choice stands: asked, matched, or a request that did not work out and who is asked next. */
export interface ChoiceUpdateProps extends BaseProps {
  recipientName: string;
  variant: 'asked' | 'matched' | 'waiting' | 'declined' | 'expired' | 'lost' | 'no-more' | 'none-left';
  mentorName?: string;
  /** declined, expired, lost: the next suggestion, asked now. */
  nextName?: string;
  /** The asked mentor's deadline in the mentee's zone, e.g. "Thursday 5 March at 14:00". */
  answerByText?: string;
}

/** A mentee's request to a mentor, answered yes or no from the mentor's desk. */
export interface ChoiceRequestProps extends BaseProps {
  recipientName: string;
  menteeName: string;
  bio?: string;
  goalsText?: string;
  topicsText?: string;
  why: string;
  answerByText: string;
  /** The reply could not be read as yes or no: the request again. */
  again?: boolean;
}

/** What a mentor's answer (or silence) led to. */
export interface ChoiceAnswerProps extends BaseProps {
  recipientName: string;
  menteeName: string;
  /** screening: a yes from a mentor whose background check or training is no longer recorded. */
  variant: 'accepted' | 'declined' | 'full' | 'screening' | 'expired' | 'closed';
  replyHoursText?: string;
}

/** The programme's own desk writing to one person about enrolling (see src/enrolment). */
interface EnrolProps extends BaseProps {
  recipientName: string;
}

/** Double opt-in: reply, or the button's page (a POST there), confirms the address and the terms. */
export interface EnrolConfirmProps extends EnrolProps {
  invitedBy: 'staff' | 'join';
  /** "mentor" or "mentee" when staff chose it. */
  roleText?: string;
  programmeDescription?: string;
  termsUrl?: string;
  confirmUrl: string;
  reminder: boolean;
}

export interface EnrolQuestion {
  number: number;
  text: string;
  options?: string[];
}

export interface EnrolRecorded {
  number: number;
  label: string;
  value: string;
}

/** The questionnaire: first sent, asked again (only what is missing), unreadable, reminder, or `#profile`. */
export interface EnrolQuestionsProps extends EnrolProps {
  mode: 'first' | 'again' | 'unreadable' | 'reminder' | 'profile';
  questions: EnrolQuestion[];
  recorded: EnrolRecorded[];
  problems: { number: number; label: string; why: string }[];
}

export interface EnrolSummaryProps extends EnrolProps {
  mode: 'complete' | 'updated' | 'status';
  recorded: EnrolRecorded[];
  /** Under the programme's consent age, and the guardian has not agreed yet. */
  guardianPending: boolean;
  /**
   * The programme screens mentors and this person's background check or training is not recorded:
   * `mentor` is not matched before both are; `either` may meanwhile be matched as a mentee.
   */
  screeningPending: 'mentor' | 'either' | null;
}

/** To a young person's parent or guardian: what the programme is, and a link to agree (a POST). */
export interface GuardianConsentProps extends BaseProps {
  childName: string;
  consentAge: number;
  programmeDescription?: string;
  termsUrl?: string;
  consentUrl: string;
}

/** A change in a circle (src/circles): to whom it concerns, from the circle's address. */
export interface CircleChangeProps extends ParticipantProps {
  circleName: string;
  /** you-left: the #leave confirmation; member-left and member-muted: to the leads; mute-no-match: to the lead. */
  change: 'you-left' | 'member-left' | 'member-muted' | 'mute-no-match';
  /** The member concerned (member-left, member-muted) or the name the lead wrote (mute-no-match); '' otherwise. */
  memberName: string;
  /** you-left: the leads' names ('' when the one leaving was the only lead). */
  leadsText: string;
}

/** Topic rooms (src/rooms): #join and #leave confirmations, a topic that names no room, RSVP answers. */
export interface RoomChangeProps extends BaseProps {
  recipientName: string;
  /** room-empty: mail to a room nobody (else) is in yet; not passed on (the `room_empty` notice). */
  change:
    | 'joined'
    | 'already-in'
    | 'left'
    | 'not-in'
    | 'unknown-topic'
    | 'rsvp-yes'
    | 'rsvp-no'
    | 'rsvp-unclear'
    // A reply to a call's invitation for a time staff have since moved: not counted, asked again.
    | 'rsvp-moved'
    | 'room-empty'
    // A #join from someone whose guardian's consent the programme still waits for: nothing joined.
    | 'consent-awaited'
    // A #join from a mentor whose background check or training is not recorded: nothing joined.
    | 'screening-awaited';
  /** The room's name; '' for unknown-topic. */
  roomName: string;
  /** The room's relay address (joined, already-in); '' otherwise. */
  roomAddress: string;
  /** The topic as rooms key it (what `#join` takes), or as written for unknown-topic. */
  topic: string;
  /** unknown-topic: the programme's rooms. */
  rooms: { name: string; topic: string }[];
  /** rsvp-*: the call's start in the reader's zone. */
  whenText?: string;
  zone?: string;
  /** room-empty: the subject of the email that reached no one (or SUBJECT_NOT_SHOWN). */
  originalSubject?: string;
  /** room-empty: the writer is in the room (the only one); false: nobody is, them included. */
  youAreIn?: boolean;
}

/** A topic call's invitation (with the shared .ics) and the day-before reminder to those who said yes. */
export interface RoomCallProps extends BaseProps {
  recipientName: string;
  /** 'update': staff moved the call (new time or length); 'cancelled': it will not happen. */
  stage: 'invitation' | 'reminder' | 'update' | 'cancelled';
  roomName: string;
  whenText: string;
  zone: string;
  durationMinutes: number;
  videoLink: string;
}
