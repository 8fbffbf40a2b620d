import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { Participant } from '../../programs/entities/participant.entity';
import { Pairing } from '../../programs/entities/pairing.entity';

/**
 * A pairing member who was welcomed (the welcome delivery is written in the same transaction),
 * so each side of a pairing is welcomed once, however often the pairing is paused and resumed.
 */
@Entity('welcomes')
export class Welcome {
  @PrimaryColumn('uuid', { name: 'pairing_id' })
  @ForeignKey(() => Pairing, { name: 'fk_welcomes_pairing_id', onDelete: 'CASCADE' })
  pairingId!: string;
  @PrimaryColumn('uuid', { name: 'participant_id' })
  @ForeignKey(() => Participant, { name: 'fk_welcomes_participant_id', onDelete: 'CASCADE' })
  participantId!: string;
  /** The first prompt the welcome announced (the member's schedule at that moment), if any. */
  @Column('timestamptz', { name: 'first_prompt_at', nullable: true }) firstPromptAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
