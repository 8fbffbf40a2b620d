import type { BaseProps, ParticipantProps } from './template-props';

/** Props of the work queue's emails (src/attention, src/admin): staff's own words, a pause, a nudge, the staff digest. */

/** An email staff wrote to one participant from the queue; a reply goes to the staff member. */
export interface StaffMessageProps extends ParticipantProps {
  subjectLine: string;
  /** Staff's words as typed (escaped like every field; line breaks kept by the template). */
  body: string;
  staffName: string;
}

/** Staff paused the pair: what that means for the member. */
export interface PairingPausedProps extends ParticipantProps {
  staffContactText: string;
}

/** A personal reminder to whoever owes a reply; the partner is never told. */
export interface NudgeProps extends ParticipantProps {
  /** When the partner's unanswered message came, e.g. "12 days ago (Tuesday 3 March)". */
  sinceText: string;
}

export interface StaffDigestItem {
  reason: string;
  pairing: string;
  programme: string;
  sinceText: string;
  url: string;
}

/** The weekly digest to each coordinator (not a participant: no partner, no pause link). */
export interface StaffDigestProps extends BaseProps {
  recipientName: string;
  newCount: number;
  newItems: StaffDigestItem[];
  dueCount: number;
  dueItems: StaffDigestItem[];
  programmes: {
    name: string;
    funnelText: string;
    replyTrendText: string;
    /** Where the programme screens mentors and some still wait: "2 mentors await …", and the list. */
    screeningText?: string;
    screeningUrl?: string;
  }[];
  queueUrl: string;
  settingsUrl: string;
}
