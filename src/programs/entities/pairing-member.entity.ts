import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Pairing } from './pairing.entity';
import { Participant, type ParticipantRole } from './participant.entity';

/** A lead's #mute, or staff's (their own, or a lead's they kept). */
export type MutedBy = 'lead' | 'staff';

@Entity('pairing_members')
@Index(['participantId'])
@Check('CHK_pairing_members_role', `"role" IN ('mentor', 'mentee')`)
@Check(
  'CHK_pairing_members_muted_by',
  `(muted_by IS NULL) = (muted_at IS NULL) AND (muted_by IS NULL OR muted_by IN ('lead', 'staff'))`,
)
export class PairingMember {
  @PrimaryColumn('uuid', { name: 'pairing_id' })
  @ForeignKey(() => Pairing, { name: 'fk_pairing_members_pairing_id', onDelete: 'CASCADE' })
  pairingId!: string;
  @PrimaryColumn('uuid', { name: 'participant_id' })
  @ForeignKey(() => Participant, { name: 'fk_pairing_members_participant_id', onDelete: 'CASCADE' })
  participantId!: string;
  /** In a circle, 'mentor' is a lead and 'mentee' a member. */
  @Column('text') role!: ParticipantRole;
  /** A circle member who left (#leave): no more copies, their mail is refused; the row keeps their past. */
  @Column('timestamptz', { name: 'left_at', nullable: true }) leftAt!: Date | null;
  /** Muted by a lead or staff: still gets the circle's mail, their own is held for staff. */
  @Column('timestamptz', { name: 'muted_at', nullable: true }) mutedAt!: Date | null;
  /** Who muted them: a lead's mute shows on needs attention until staff keep it (then 'staff'). */
  @Column('text', { name: 'muted_by', nullable: true }) mutedBy!: MutedBy | null;
}
