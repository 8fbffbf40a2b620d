import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonObject } from '../../database/json';

/**
 * How a programme's people get their partner: staff `review` the engine's proposal, the proposal
 * is applied `automatic`ally, or each mentee is offered three mentors and makes the `choice`.
 */
export type MatchingMode = 'review' | 'automatic' | 'choice';

@Entity('programmes')
@Check('CHK_programmes_matching_mode', `matching_mode IN ('review', 'automatic', 'choice')`)
@Check('CHK_programmes_choice_reply_hours', 'choice_reply_hours > 0')
@Check('CHK_programmes_screening_valid_months', 'screening_valid_months BETWEEN 1 AND 120')
@Check(
  'CHK_programmes_attention_thresholds',
  `first_exchange_days > 0 AND owed_reply_days > 0 AND one_sided_messages > 1
          AND low_score BETWEEN 1 AND 5 AND silence_days > 0 AND nudge_after_days > 0 AND nudge_max >= 0`,
)
export class Programme {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text', { unique: true }) slug!: string;
  /** Key of the curriculum this programme follows (see src/prompts). */
  @Column('text', { name: 'curriculum_key', default: 'default-12-weeks' }) curriculumKey!: string;
  /** ISO weekday (1 = Monday) and local hour at which prompts go out, in each person's own zone. */
  @Column('smallint', { name: 'send_weekday', default: 2 }) sendWeekday!: number;
  @Column('smallint', { name: 'send_hour', default: 9 }) sendHour!: number;
  /** The youngest participant's age: no film rated above it is ever offered (movie club). */
  @Column('smallint', { name: 'min_age', default: 11 }) minAge!: number;
  /**
   * Flood and loop limits, each per `floodWindowMinutes` (counted in PostgreSQL over stored mail).
   * Over the sender or pairing limit SMTP answers 451 and the SES door holds the email; a
   * back-and-forth between the same two addresses beyond `loopLimit` is held and flagged to staff.
   */
  @Column('integer', { name: 'sender_limit', default: 30 }) senderLimit!: number;
  @Column('integer', { name: 'pairing_limit', default: 60 }) pairingLimit!: number;
  @Column('integer', { name: 'loop_limit', default: 20 }) loopLimit!: number;
  @Column('integer', { name: 'flood_window_minutes', default: 10 }) floodWindowMinutes!: number;
  /** Whether `join-<slug>@RELAY_DOMAIN` takes people in (a person writes, a confirmation answers). */
  @Column('boolean', { name: 'join_enabled', default: false }) joinEnabled!: boolean;
  @Column('text', { name: 'matching_mode', default: 'review' }) matchingMode!: MatchingMode;
  /** How long a mentor has to answer a mentee's request before the mentee's next choice is asked. */
  @Column('integer', { name: 'choice_reply_hours', default: 72 }) choiceReplyHours!: number;
  /** Youth programmes: under this age, a guardian consents before anyone is matched or written to. */
  @Column('smallint', { name: 'consent_age', nullable: true }) consentAge!: number | null;
  /** One or two sentences saying what the programme is, for its confirmation and guardian emails. */
  @Column('text', { nullable: true }) description!: string | null;
  /** The programme's terms, agreed to by confirming the address. */
  @Column('text', { name: 'terms_url', nullable: true }) termsUrl!: string | null;
  /** The planned end: "two weeks left", the closing reflection and survey, then a read-only ending. */
  @Column('date', { name: 'ends_on', nullable: true }) endsOn!: string | null;
  /** The matching engine's criteria over its defaults (see src/matching/criteria.ts); null: defaults. */
  @Column('jsonb', { name: 'match_criteria', nullable: true }) matchCriteria!: JsonObject | null;
  /** The questionnaire's lists (topics, goals, industries) over the shipped defaults; null: defaults. */
  @Column('jsonb', { name: 'profile_options', nullable: true }) profileOptions!: JsonObject | null;
  /**
   * Safeguarding: hold messages carrying contact details or `filterKeywords` for staff review.
   * Null follows the programme (on when it asks guardian consent); true or false is staff's choice.
   */
  @Column('boolean', { name: 'contact_filter', nullable: true }) contactFilter!: boolean | null;
  /**
   * Screening before activation: a mentor is placed (matched, paired, given a circle, let into a
   * topic room) only once staff recorded their background check and training. Null follows the
   * programme (on when it asks guardian consent); true or false is staff's choice.
   */
  @Column('boolean', { name: 'screening_required', nullable: true }) screeningRequired!: boolean | null;
  /**
   * How many months a recorded background check or training stays valid; null: it does not lapse.
   * The schedule tick clears a lapsed record as staff clearing it would (ScreeningLapseService).
   */
  @Column('smallint', { name: 'screening_valid_months', nullable: true }) screeningValidMonths!:
    number | null;
  /** Domains (and their subdomains) and exact values the filter lets through, lower-cased. */
  @Column('text', { array: true, name: 'contact_allow', default: () => "'{}'" }) contactAllow!: string[];
  /** Words or phrases that hold a message for review, lower-cased. */
  @Column('text', { array: true, name: 'filter_keywords', default: () => "'{}'" }) filterKeywords!: string[];
  /**
   * The work queue's thresholds (src/attention): no first exchange this many days after the first
   * welcome or prompt actually went out; a reply owed longer than this; this many messages in a row
   * unanswered; a pulse or close-survey score at or below this; this many days quiet after activity.
   */
  @Column('integer', { name: 'first_exchange_days', default: 10 }) firstExchangeDays!: number;
  @Column('integer', { name: 'owed_reply_days', default: 14 }) owedReplyDays!: number;
  @Column('integer', { name: 'one_sided_messages', default: 3 }) oneSidedMessages!: number;
  @Column('integer', { name: 'low_score', default: 2 }) lowScore!: number;
  @Column('integer', { name: 'silence_days', default: 21 }) silenceDays!: number;
  /** Whoever owes a reply this many days gets a personal reminder, at most `nudgeMax` times. */
  @Column('integer', { name: 'nudge_after_days', default: 4 }) nudgeAfterDays!: number;
  @Column('integer', { name: 'nudge_max', default: 2 }) nudgeMax!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** Whether a programme's messages go through the contact-detail filter (see `contactFilter`). */
export function contactFilterOn(p: Pick<Programme, 'contactFilter' | 'consentAge'>): boolean {
  return p.contactFilter ?? p.consentAge !== null;
}

/** Whether a programme places mentors only after their screening is recorded (see `screeningRequired`). */
export function screeningOn(p: Pick<Programme, 'screeningRequired' | 'consentAge'>): boolean {
  return p.screeningRequired ?? p.consentAge !== null;
}
