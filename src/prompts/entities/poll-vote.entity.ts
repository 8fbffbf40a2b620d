import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One vote per person per poll; a later reply replaces it (the last counts). */
@Entity('poll_votes')
export class PollVote {
  @PrimaryColumn('uuid', { name: 'pairing_prompt_id' }) pairingPromptId!: string;
  @PrimaryColumn('uuid', { name: 'participant_id' }) participantId!: string;
  /** Zero-based index into PairingPrompt.pollOptions. */
  @Column('integer', { name: 'option_index' }) optionIndex!: number;
  @Column('timestamptz', { name: 'voted_at' }) votedAt!: Date;
  /** What the voter wrote after their choice: for programme staff only, never relayed. */
  @Column('text', { nullable: true }) comment!: string | null;
}
