import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Pairing } from '../../programs/entities/pairing.entity';
import { Participant } from '../../programs/entities/participant.entity';

/**
 * Staff invited this member's pair to continue until `endsOn`; `answeredAt` is their `#continue`.
 * When every member has answered, the pairing takes the new end date.
 */
@Entity('pairing_continuations')
@Index('IDX_pairing_continuations_participant', ['participantId'])
export class PairingContinuation {
  @PrimaryColumn('uuid', { name: 'pairing_id' })
  @ForeignKey(() => Pairing, { name: 'fk_pairing_continuations_pairing_id', onDelete: 'CASCADE' })
  pairingId!: string;
  @PrimaryColumn('uuid', { name: 'participant_id' })
  @ForeignKey(() => Participant, { name: 'fk_pairing_continuations_participant_id', onDelete: 'CASCADE' })
  participantId!: string;
  @Column('date', { name: 'ends_on' }) endsOn!: string;
  @Column('timestamptz', { name: 'invited_at', default: () => 'now()' }) invitedAt!: Date;
  @Column('timestamptz', { name: 'answered_at', nullable: true }) answeredAt!: Date | null;
}
