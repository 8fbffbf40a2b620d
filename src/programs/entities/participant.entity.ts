import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Programme } from './programme.entity';

export type ParticipantRole = 'mentor' | 'mentee';

/** How someone stopped prompts and digests; `unknown` for stops recorded before this was kept. */
export type OptOutVia = 'command' | 'unsubscribe_link' | 'complaint' | 'unknown';

@Entity('participants')
@Index(['programmeId', 'email'], { unique: true })
@Index('IDX_participants_desk_key', ['deskKey'], { unique: true, where: '"desk_key" IS NOT NULL' })
@Check('CHK_participants_send_weekday', '"send_weekday" BETWEEN 1 AND 7')
export class Participant {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'programme_id' })
  @ForeignKey(() => Programme, { name: 'fk_participants_programme_id', onDelete: 'CASCADE' })
  programmeId!: string;
  @Column('text') name!: string;
  /** The first name this person goes by; greetings use it (see `greetingName`). */
  @Column('text', { name: 'preferred_name', nullable: true }) preferredName!: string | null;
  /** A short line about them, shown to their partner in the welcome. */
  @Column('text', { nullable: true }) about!: string | null;
  @Column('text') role!: ParticipantRole;
  /** The address relayed mail goes to (lower-cased). */
  @Column('text') email!: string;
  /** Every address this person may write from, lower-cased, including `email`. */
  @Column('text', { array: true, name: 'email_aliases', default: () => "'{}'" }) emailAliases!: string[];
  @Column('text', { name: 'time_zone', default: 'UTC' }) timeZone!: string;
  @Column('text', { default: 'en' }) locale!: string;
  /** Set by #stop or one-click unsubscribe: no more prompts or digests; conversation keeps working. */
  @Column('timestamptz', { name: 'prompts_stopped_at', nullable: true }) promptsStoppedAt!: Date | null;
  /** How: a #stop reply, the unsubscribe link (page or one-click), a spam complaint. */
  @Column('text', { name: 'prompts_stopped_via', nullable: true }) promptsStoppedVia!: OptOutVia | null;
  /**
   * Set when mail from this person first passed authentication aligned with their From domain;
   * from then on, a mail from them that does not is held for staff (a forger's, most likely).
   */
  @Column('timestamptz', { name: 'authenticated_aligned_at', nullable: true })
  authenticatedAlignedAt!: Date | null;
  @Column('timestamptz', { name: 'paused_until', nullable: true }) pausedUntil!: Date | null;
  /** ISO weekday of their weekly prompt, from the "best reply day" poll; null: the programme's. */
  @Column('smallint', { name: 'send_weekday', nullable: true }) sendWeekday!: number | null;
  /**
   * The random key of this person's programme desk address (`desk-<key>@RELAY_DOMAIN`): where the
   * programme's own questions (confirmation, questionnaire, choice of mentor, survey) are answered.
   * Drawn when the desk first writes to them; never derived from the person.
   */
  @Column('text', { name: 'desk_key', nullable: true }) deskKey!: string | null;
  /**
   * Screening before activation: when staff recorded this person's background check (DBS or the
   * like) and their safeguarding training. A programme that asks for screening places nobody as a
   * mentor without both (see `awaitsScreening`).
   */
  @Column('timestamptz', { name: 'background_checked_at', nullable: true }) backgroundCheckedAt!: Date | null;
  @Column('timestamptz', { name: 'trained_at', nullable: true }) trainedAt!: Date | null;
  /** When staff last cleared a recorded check or training: the work queue's "since". */
  @Column('timestamptz', { name: 'screening_cleared_at', nullable: true }) screeningClearedAt!: Date | null;
  /**
   * Removed by staff with their data (ParticipantRemovalService): every other field is erased;
   * the row stays so their place in threads reads "removed" instead of breaking them.
   */
  @Column('timestamptz', { name: 'removed_at', nullable: true }) removedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
