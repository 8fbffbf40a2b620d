import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { Participant } from '../../programs/entities/participant.entity';
import { PairingPrompt } from './pairing-prompt.entity';

/**
 * What one member answered to an issued prompt, kept where a later prompt builds on it (the
 * mentor's part of a mentor-first step, the film picked). The answer is relayed as usual too;
 * a later reply replaces this copy (the last one counts).
 */
@Entity('prompt_answers')
export class PromptAnswer {
  @PrimaryColumn('uuid', { name: 'pairing_prompt_id' })
  @ForeignKey(() => PairingPrompt, { name: 'fk_prompt_answers_pairing_prompt_id', onDelete: 'CASCADE' })
  pairingPromptId!: string;
  @PrimaryColumn('uuid', { name: 'participant_id' })
  @ForeignKey(() => Participant, { name: 'fk_prompt_answers_participant_id', onDelete: 'CASCADE' })
  participantId!: string;
  /** The reply as extracted (quotes and signature removed). */
  @Column('text') text!: string;
  @Column('timestamptz', { name: 'answered_at' }) answeredAt!: Date;
}
