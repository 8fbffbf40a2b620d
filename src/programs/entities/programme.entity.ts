import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('programmes')
export class Programme {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text', { unique: true }) slug!: string;
  /** Key of the curriculum this programme follows (see src/prompts). */
  @Column('text', { name: 'curriculum_key', default: 'default-12-weeks' }) curriculumKey!: string;
  /** ISO weekday (1 = Monday) and local hour at which prompts go out, in each person's own zone. */
  @Column('smallint', { name: 'send_weekday', default: 2 }) sendWeekday!: number;
  @Column('smallint', { name: 'send_hour', default: 9 }) sendHour!: number;
  /** The youngest participant's age: no film rated above it is ever offered (movie club). */
  @Column('smallint', { name: 'min_age', default: 11 }) minAge!: number;
  /**
   * Flood and loop limits, each per `floodWindowMinutes` (counted in PostgreSQL over stored mail).
   * Over the sender or pairing limit SMTP answers 451 and the SES door holds the email; a
   * back-and-forth between the same two addresses beyond `loopLimit` is held and flagged to staff.
   */
  @Column('integer', { name: 'sender_limit', default: 30 }) senderLimit!: number;
  @Column('integer', { name: 'pairing_limit', default: 60 }) pairingLimit!: number;
  @Column('integer', { name: 'loop_limit', default: 20 }) loopLimit!: number;
  @Column('integer', { name: 'flood_window_minutes', default: 10 }) floodWindowMinutes!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
