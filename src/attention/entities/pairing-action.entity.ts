import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { StaffUser } from '../../admin/entities/staff-user.entity';
import { Pairing } from '../../programs/entities/pairing.entity';
import { Participant } from '../../programs/entities/participant.entity';
import type { AttentionSignal } from '../signals';

export type PairingActionKind =
  | 'resolve'
  | 'snooze'
  | 'write'
  | 'pause'
  | 'resume'
  | 'end'
  | 'nudge'
  | 'nudges_unanswered'
  // Staff invited the pair to continue for another cycle (the note says until when).
  | 'continue';

/**
 * A pairing's history of what staff (and the nudger) did about it. A `resolve` hides its signal
 * until the signal starts again after it; a `snooze` hides it until `snoozedUntil`.
 */
@Entity('pairing_actions')
@Check(
  'CHK_pairing_actions_action',
  `action IN ('resolve', 'snooze', 'write', 'pause', 'resume', 'end', 'nudge', 'nudges_unanswered', 'continue')`,
)
@Index('IDX_pairing_actions_pairing', ['pairingId', 'createdAt'])
// Behind foreign keys: deleting a parent row finds these rows without scanning the table.
@Index('IDX_pairing_actions_staff', ['staffId'], { where: 'staff_id IS NOT NULL' })
@Index('IDX_pairing_actions_participant', ['participantId'], { where: 'participant_id IS NOT NULL' })
export class PairingAction {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'pairing_id' })
  @ForeignKey(() => Pairing, { name: 'fk_pairing_actions_pairing_id', onDelete: 'CASCADE' })
  pairingId!: string;
  @Column('uuid', { name: 'staff_id', nullable: true })
  @ForeignKey(() => StaffUser, { name: 'fk_pairing_actions_staff_id', onDelete: 'SET NULL' })
  staffId!: string | null;
  /** Whom a written email or a nudge went to. */
  @Column('uuid', { name: 'participant_id', nullable: true })
  @ForeignKey(() => Participant, { name: 'fk_pairing_actions_participant_id', onDelete: 'SET NULL' })
  participantId!: string | null;
  @Column('text') action!: PairingActionKind;
  @Column('text', { nullable: true }) signal!: AttentionSignal | null;
  @Column('text', { nullable: true }) note!: string | null;
  @Column('timestamptz', { name: 'snoozed_until', nullable: true }) snoozedUntil!: Date | null;
  /** By the app's clock, not the database's: the queue compares it with the signals' times. */
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
