import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Message } from '../../conversations/entities/message.entity';
import { Thread } from '../../conversations/entities/thread.entity';
import { Pairing } from '../../programs/entities/pairing.entity';
import { Participant } from '../../programs/entities/participant.entity';

/**
 * One curriculum item issued to a pairing: its own thread and its `prompt` Message, shared by
 * both members (each receives a copy under their own Message-ID, at their own local hour), so
 * that replies from either side land in one thread.
 */
@Entity('pairing_prompts')
// NULLS NOT DISTINCT in the migration: one shared prompt per step, one swap per member per step.
@Unique('UQ_pairing_prompts_step', ['pairingId', 'week', 'item', 'swappedFor'])
@Index('IDX_pairing_prompts_pairing', ['pairingId', 'createdAt'])
/** The digest's programme-wide poll counts find a poll's rows in every pairing by these. */
@Index('IDX_pairing_prompts_poll', ['promptKey', 'week'], { where: 'poll_options IS NOT NULL' })
// Behind foreign keys: deleting a parent row finds these rows without scanning the table.
@Index('IDX_pairing_prompts_thread', ['threadId'])
@Index('IDX_pairing_prompts_message', ['messageRowId'])
@Index('IDX_pairing_prompts_swapped_for', ['swappedFor'], { where: '"swapped_for" IS NOT NULL' })
export class PairingPrompt {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'pairing_id' })
  @ForeignKey(() => Pairing, { name: 'fk_pairing_prompts_pairing_id', onDelete: 'CASCADE' })
  pairingId!: string;
  @Column('integer') week!: number;
  @Column('integer') item!: number;
  @Column('text', { name: 'prompt_key' }) promptKey!: string;
  @Column('text') title!: string;
  /** #swap: issued to this member only, in place of the step's shared prompt; null for the pair's. */
  @Column('uuid', { name: 'swapped_for', nullable: true })
  @ForeignKey(() => Participant, { name: 'fk_pairing_prompts_swapped_for', onDelete: 'CASCADE' })
  swappedFor!: string | null;
  @Column('uuid', { name: 'thread_id' })
  @ForeignKey(() => Thread, { name: 'fk_pairing_prompts_thread_id', onDelete: 'CASCADE' })
  threadId!: string;
  @Column('uuid', { name: 'message_row_id' })
  @ForeignKey(() => Message, { name: 'fk_pairing_prompts_message_row_id', onDelete: 'CASCADE' })
  messageRowId!: string;
  /** Polls: the options as sent, frozen so a library edit cannot re-label votes. */
  @Column('jsonb', { name: 'poll_options', nullable: true }) pollOptions!: string[] | null;
  @Column('timestamptz', { name: 'poll_closes_at', nullable: true }) pollClosesAt!: Date | null;
  /** When the tick issued it, by the schedule's clock (digests count weeks from this). */
  @Column('timestamptz', { name: 'issued_at' }) issuedAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
