import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Pairing } from '../../programs/entities/pairing.entity';
import { Participant } from '../../programs/entities/participant.entity';

/**
 * Reminders to one person about one unanswered message (`owedSince`, its time): a new message
 * starts a new row, so the count of K is per debt, not for ever.
 */
@Entity('nudges')
@Index('IDX_nudges_participant', ['participantId'])
export class Nudge {
  @PrimaryColumn('uuid', { name: 'pairing_id' })
  @ForeignKey(() => Pairing, { name: 'fk_nudges_pairing_id', onDelete: 'CASCADE' })
  pairingId!: string;
  @PrimaryColumn('uuid', { name: 'participant_id' })
  @ForeignKey(() => Participant, { name: 'fk_nudges_participant_id', onDelete: 'CASCADE' })
  participantId!: string;
  @PrimaryColumn('timestamptz', { name: 'owed_since' }) owedSince!: Date;
  @Column('integer', { default: 0 }) sent!: number;
  @Column('timestamptz', { name: 'last_sent_at', nullable: true }) lastSentAt!: Date | null;
  /** When staff were alerted instead, after the last reminder went unanswered. */
  @Column('timestamptz', { name: 'alerted_at', nullable: true }) alertedAt!: Date | null;
}
