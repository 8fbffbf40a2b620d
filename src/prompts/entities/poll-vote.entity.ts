import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Participant } from '../../programs/entities/participant.entity';
import { PairingPrompt } from './pairing-prompt.entity';

/** One vote per person per poll; a later reply replaces it (the last counts). */
@Entity('poll_votes')
// Behind foreign keys: deleting a parent row finds these rows without scanning the table.
@Index('IDX_poll_votes_participant', ['participantId'])
export class PollVote {
  @PrimaryColumn('uuid', { name: 'pairing_prompt_id' })
  @ForeignKey(() => PairingPrompt, { name: 'fk_poll_votes_pairing_prompt_id', onDelete: 'CASCADE' })
  pairingPromptId!: string;
  @PrimaryColumn('uuid', { name: 'participant_id' })
  @ForeignKey(() => Participant, { name: 'fk_poll_votes_participant_id', onDelete: 'CASCADE' })
  participantId!: string;
  /** Zero-based index into PairingPrompt.pollOptions. */
  @Column('integer', { name: 'option_index' }) optionIndex!: number;
  @Column('timestamptz', { name: 'voted_at' }) votedAt!: Date;
  /** What the voter wrote after their choice: for programme staff only, never relayed. */
  @Column('text', { nullable: true }) comment!: string | null;
}
