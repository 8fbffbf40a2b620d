import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { JsonObject } from '../../database/json';
import type { MatchPreference, WeeklySlot } from '../../matching/match.types';
import { Participant } from '../../programs/entities/participant.entity';
import { Programme } from '../../programs/entities/programme.entity';

export type ProfileSource = 'invite' | 'join';
export type RoleWanted = 'mentor' | 'mentee' | 'either';

/**
 * What a person told the programme about themselves, by reply, and where they are on the way to
 * being matched: invited, confirmed (address and consent to the terms), profile complete, guardian
 * consent where the programme asks for it, then ready (see `enrolmentStage`).
 */
@Entity('participant_profiles')
@Index('IDX_participant_profiles_confirm_token', ['confirmToken'], { unique: true })
@Index('IDX_participant_profiles_guardian_token', ['guardianToken'], {
  unique: true,
  where: '"guardian_token" IS NOT NULL',
})
@Index('IDX_participant_profiles_programme', ['programmeId'])
@Index('IDX_participant_profiles_consent_withdrawn', ['guardianConsentWithdrawnAt'], {
  where: '"guardian_consent_withdrawn_at" IS NOT NULL',
})
@Check('CHK_participant_profiles_source', `source IN ('invite', 'join')`)
@Check('CHK_participant_profiles_role_wanted', `role_wanted IN ('mentor', 'mentee', 'either')`)
@Check('CHK_participant_profiles_capacity', 'capacity BETWEEN 1 AND 3')
export class ParticipantProfile {
  @PrimaryColumn('uuid', { name: 'participant_id' })
  @ForeignKey(() => Participant, { name: 'fk_participant_profiles_participant_id', onDelete: 'CASCADE' })
  participantId!: string;
  @Column('uuid', { name: 'programme_id' })
  @ForeignKey(() => Programme, { name: 'fk_participant_profiles_programme_id', onDelete: 'CASCADE' })
  programmeId!: string;
  @Column('text', { default: 'invite' }) source!: ProfileSource;
  @Column('text', { name: 'role_wanted', nullable: true }) roleWanted!: RoleWanted | null;
  @Column('timestamptz', { name: 'invited_at', default: () => 'now()' }) invitedAt!: Date;
  /** The address answered (a reply, or the confirmation link's POST): double opt-in and the terms agreed. */
  @Column('timestamptz', { name: 'confirmed_at', nullable: true }) confirmedAt!: Date | null;
  /** They answered the confirmation with a clear no: nothing more is asked of them. */
  @Column('timestamptz', { name: 'declined_at', nullable: true }) declinedAt!: Date | null;
  /** The secret of the confirmation link (>= 80 random bits). */
  @Column('text', { name: 'confirm_token' }) confirmToken!: string;
  @Column('timestamptz', { name: 'profile_completed_at', nullable: true }) profileCompletedAt!: Date | null;
  /** Each question's answer as the person wrote it, by question key, with when: `{ key: { text, at } }`. */
  @Column('jsonb', { default: () => "'{}'" }) answers!: JsonObject;
  @Column('text', { array: true, default: () => "'{}'" }) languages!: string[];
  /** Keys of the programme's topic list. */
  @Column('text', { array: true, default: () => "'{}'" }) topics!: string[];
  /** Keys of the programme's goal list. */
  @Column('text', { array: true, default: () => "'{}'" }) goals!: string[];
  @Column('text', { nullable: true }) industry!: string | null;
  @Column('text', { array: true, default: () => "'{}'" }) background!: string[];
  @Column('text', { nullable: true }) bio!: string | null;
  @Column('jsonb', { default: () => "'[]'" }) availability!: WeeklySlot[];
  @Column('jsonb', { default: () => "'[]'" }) preferences!: MatchPreference[];
  /** Mentors: how many mentees they take, 1 to 3. */
  @Column('smallint', { nullable: true }) capacity!: number | null;
  @Column('smallint', { nullable: true }) age!: number | null;
  @Column('text', { name: 'guardian_email', nullable: true }) guardianEmail!: string | null;
  /** The secret of the guardian's consent link. */
  @Column('text', { name: 'guardian_token', nullable: true }) guardianToken!: string | null;
  @Column('timestamptz', { name: 'guardian_consented_at', nullable: true }) guardianConsentedAt!: Date | null;
  /** The guardian withdrew their consent (consented_at is then null); consenting again clears it. */
  @Column('timestamptz', { name: 'guardian_consent_withdrawn_at', nullable: true })
  guardianConsentWithdrawnAt!: Date | null;
  /** Reminders sent for questions still unanswered, and when the desk last asked. */
  @Column('smallint', { name: 'reminders_sent', default: 0 }) remindersSent!: number;
  @Column('timestamptz', { name: 'last_asked_at', nullable: true }) lastAskedAt!: Date | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
