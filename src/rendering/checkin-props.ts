import type { ParticipantProps } from './template-props';

/**
 * The data of the video check-in's emails (a proposal to pick from, the invitation, the short
 * answers), apart from template-props.ts, which re-exports them.
 */

/** A proposed video check-in time, numbered as the mentee picks it, in the reader's zone. */
export interface CheckinTime {
  number: number;
  text: string;
}

/** To a mentee: the times their mentor proposed, in the mentee's own zone, to pick by number. */
export interface CheckinPickProps extends ParticipantProps {
  proposerName: string;
  times: CheckinTime[];
  zone: string;
  durationMinutes: number;
  /** The proposal's other lines, as the mentor wrote them. */
  note?: string;
}

/** To every member: the picked time, in the reader's zone, with the shared .ics attached. */
export interface CheckinInvitationProps extends ParticipantProps {
  partnerFirstNames: string;
  whenText: string;
  zone: string;
  durationMinutes: number;
  videoLink?: string;
}

export type CheckinNoticeVariant = 'no_times' | 'proposed' | 'pick_out_of_range' | 'pick_past';

/** The check-in's short answers: no time read, times sent, a pick out of range or past. */
export interface CheckinNoticeProps extends ParticipantProps {
  variant: CheckinNoticeVariant;
  partnerFirstNames: string;
  zone: string;
  /** How to write a time, from the parser's own tests. */
  examples: string[];
  times?: CheckinTime[];
  picked?: number;
  unreadable?: { line: string; why: string }[];
}
