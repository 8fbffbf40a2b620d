import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InboundEmail } from '../../inbound/entities/inbound-email.entity';
import { Participant } from '../../programs/entities/participant.entity';
import { Programme } from '../../programs/entities/programme.entity';
import { StaffUser } from './staff-user.entity';

/** What staff did to people and their mail: which fields, never the values (a removal leaves nothing here). */
export type StaffAuditAction =
  | 'participant_edited'
  | 'participant_removed'
  | 'moderation_approved'
  | 'moderation_edited'
  | 'moderation_rejected'
  | 'safeguarding_changed'
  // A mentor's screening (detail: the check, 'background check' or 'training'; see programs/screening-checks.ts).
  | 'screening_recorded'
  | 'screening_cleared'
  // Not staff's: the schedule tick cleared a record past its programme's validity (no staff id).
  | 'screening_lapsed'
  // A staff member read an inbound email whole (its raw source) from the mail log.
  | 'inbound_read';

@Entity('staff_audit')
@Index('IDX_staff_audit_programme', ['programmeId', 'at'])
@Index('IDX_staff_audit_participant', ['participantId'], { where: '"participant_id" IS NOT NULL' })
@Index('IDX_staff_audit_staff', ['staffId'], { where: '"staff_id" IS NOT NULL' })
@Index('IDX_staff_audit_inbound', ['inboundEmailId'], { where: '"inbound_email_id" IS NOT NULL' })
export class StaffAudit {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'staff_id', nullable: true })
  @ForeignKey(() => StaffUser, { name: 'fk_staff_audit_staff_id', onDelete: 'SET NULL' })
  staffId!: string | null;
  @Column('uuid', { name: 'programme_id' })
  @ForeignKey(() => Programme, { name: 'fk_staff_audit_programme_id', onDelete: 'CASCADE' })
  programmeId!: string;
  @Column('uuid', { name: 'participant_id', nullable: true })
  @ForeignKey(() => Participant, { name: 'fk_staff_audit_participant_id', onDelete: 'CASCADE' })
  participantId!: string | null;
  @Column('uuid', { name: 'inbound_email_id', nullable: true })
  @ForeignKey(() => InboundEmail, { name: 'fk_staff_audit_inbound_email_id', onDelete: 'SET NULL' })
  inboundEmailId!: string | null;
  @Column('text') action!: StaffAuditAction;
  /** Field names changed, a count, a reason category: never an address, a name or message text. */
  @Column('text', { default: '' }) detail!: string;
  @Column('timestamptz', { default: () => 'now()' }) at!: Date;
}
