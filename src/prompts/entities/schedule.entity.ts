import {
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Pairing } from '../../programs/entities/pairing.entity';
import { Participant } from '../../programs/entities/participant.entity';

export type ScheduleStream = 'prompt' | 'digest';

/**
 * The durable schedule, with the next send time in UTC: prompts one row per participant and
 * pairing (someone in a pair and a circle follows both), the digest one row per participant.
 * Redis only carries the repeating tick; a flushed Redis or a restart loses nothing here.
 */
@Entity('schedules')
@Index('UQ_schedules_prompt_participant_pairing', ['participantId', 'pairingId'], {
  unique: true,
  where: `stream = 'prompt'`,
})
@Index('UQ_schedules_digest_participant', ['participantId'], { unique: true, where: `stream = 'digest'` })
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
  /** Prompts: when this row last sent one; another pairing's row of the person waits a day after it. */
  @Column('timestamptz', { name: 'last_sent_at', nullable: true }) lastSentAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
