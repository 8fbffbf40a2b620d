import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InboundEmail } from '../../inbound/entities/inbound-email.entity';
import { Pairing } from '../../programs/entities/pairing.entity';
import { Participant } from '../../programs/entities/participant.entity';

/**
 * A member's `#rematch <reason>`: the reason is for programme staff only, never relayed to the
 * partner. Open until staff end the pairing (or mark it handled).
 */
@Entity('rematch_requests')
@Index('IDX_rematch_requests_pairing', ['pairingId'])
@Index('IDX_rematch_requests_participant', ['participantId'])
@Index('IDX_rematch_requests_inbound', ['inboundEmailId'], {
  unique: true,
  where: '"inbound_email_id" IS NOT NULL',
})
// The admin's needs-attention list: open requests, newest first.
@Index('IDX_rematch_requests_open', ['createdAt'], { where: '"resolved_at" IS NULL' })
export class RematchRequest {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'pairing_id' })
  @ForeignKey(() => Pairing, { name: 'fk_rematch_requests_pairing_id', onDelete: 'CASCADE' })
  pairingId!: string;
  @Column('uuid', { name: 'participant_id' })
  @ForeignKey(() => Participant, { name: 'fk_rematch_requests_participant_id', onDelete: 'CASCADE' })
  participantId!: string;
  /** The email that asked; a retry of the same email records nothing twice. */
  @Column('uuid', { name: 'inbound_email_id', nullable: true })
  @ForeignKey(() => InboundEmail, { name: 'fk_rematch_requests_inbound_email_id', onDelete: 'SET NULL' })
  inboundEmailId!: string | null;
  @Column('text') reason!: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt!: Date | null;
}
