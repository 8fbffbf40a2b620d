import {
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Pairing } from '../../programs/entities/pairing.entity';
import { Participant } from '../../programs/entities/participant.entity';

export type ScheduleStream = 'prompt' | 'digest';

/**
 * The durable schedule: one row per participant and stream with the next send time in UTC.
 * Redis only carries the repeating tick; a flushed Redis or a restart loses nothing here.
 */
@Entity('schedules')
@Unique('UQ_schedules_participant_stream', ['participantId', 'stream'])
@Index('IDX_schedules_due', ['stream', 'nextRunAt'])
export class Schedule {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'participant_id' })
  @ForeignKey(() => Participant, { name: 'fk_schedules_participant_id', onDelete: 'CASCADE' })
  participantId!: string;
  @Column('uuid', { name: 'pairing_id' })
  @ForeignKey(() => Pairing, { name: 'fk_schedules_pairing_id', onDelete: 'CASCADE' })
  pairingId!: string;
  @Column('text') stream!: ScheduleStream;
  /** Null when nothing more is due: curriculum finished, #stop, unsubscribed, pairing ended. */
  @Column('timestamptz', { name: 'next_run_at', nullable: true }) nextRunAt!: Date | null;
  /** Prompts: the curriculum week and the item within it that `nextRunAt` sends. */
  @Column('integer', { default: 1 }) week!: number;
  @Column('integer', { default: 0 }) item!: number;
  /** Prompts: local calendar date (in the participant's zone) of day 0 of `week`. */
  @Column('date', { name: 'week_start', nullable: true }) weekStart!: string | null;
  /** Prompts: the mentee's part of a mentor-first step, held until the mentor answers or the wait ends. */
  @Column('boolean', { name: 'waiting_for_mentor', default: false }) waitingForMentor!: boolean;
  /** #swap sent on its own: the prompt this member gets instead of the step at the cursor. */
  @Column('text', { name: 'swap_key', nullable: true }) swapKey!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
