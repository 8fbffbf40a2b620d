import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Pairing } from '../../programs/entities/pairing.entity';
import { Participant } from '../../programs/entities/participant.entity';
import { PairingPrompt } from './pairing-prompt.entity';

/**
 * A letter a participant wrote to their future self in reply to a `letter` prompt. Kept here,
 * never relayed to the partner, and sent back to its author only when the curriculum says so.
 * One per person per prompt: a second reply replaces the text (the last one counts).
 */
@Entity('letters')
@Unique('UQ_letters_prompt_participant', ['pairingPromptId', 'participantId'])
export class Letter {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'participant_id' })
  @ForeignKey(() => Participant, { name: 'fk_letters_participant_id', onDelete: 'CASCADE' })
  participantId!: string;
  @Column('uuid', { name: 'pairing_id' })
  @ForeignKey(() => Pairing, { name: 'fk_letters_pairing_id', onDelete: 'CASCADE' })
  pairingId!: string;
  @Column('uuid', { name: 'pairing_prompt_id' })
  @ForeignKey(() => PairingPrompt, { name: 'fk_letters_pairing_prompt_id', onDelete: 'CASCADE' })
  pairingPromptId!: string;
  /** The reply as extracted (quotes and signature removed): the participant's own words. */
  @Column('text') text!: string;
  @Column('timestamptz', { name: 'written_at' }) writtenAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
