import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Pairing } from '../../programs/entities/pairing.entity';

/** A call staff scheduled for a topic room; every member is invited, those who say yes are reminded. */
@Entity('room_calls')
@Check('CHK_room_calls_duration', `duration_minutes BETWEEN 5 AND 480`)
@Check('CHK_room_calls_video_link', `video_link ~ '^https://'`)
// The tick's reminder query: calls not yet reminded, by start.
@Index('IDX_room_calls_unreminded', ['startsAt'], { where: 'reminded_at IS NULL' })
@Index('IDX_room_calls_pairing', ['pairingId'])
export class RoomCall {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'pairing_id' })
  @ForeignKey(() => Pairing, { name: 'fk_room_calls_pairing_id', onDelete: 'CASCADE' })
  pairingId!: string;
  @Column('timestamptz', { name: 'starts_at' }) startsAt!: Date;
  @Column('integer', { name: 'duration_minutes' }) durationMinutes!: number;
  @Column('text', { name: 'video_link' }) videoLink!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  /** When the day-before reminders were written (once per call). */
  @Column('timestamptz', { name: 'reminded_at', nullable: true }) remindedAt!: Date | null;
  /** The calendar event's SEQUENCE: 0 as first sent, one more for each move and the cancellation. */
  @Column('integer', { default: 0 }) sequence!: number;
  /** Staff cancelled it: no reminder; its members got a METHOD:CANCEL of the same UID. */
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt!: Date | null;
}
