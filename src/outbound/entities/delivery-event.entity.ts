import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Programme } from '../../programs/entities/programme.entity';
import { Delivery } from './delivery.entity';

export type DeliveryEventType = 'bounce' | 'complaint' | 'delivery' | 'reject';
export type FeedbackSource = 'ses' | 'dsn';

/**
 * One piece of feedback about one sent email and one recipient (an SES event or a DSN that came
 * back by mail). SNS retries and duplicate DSNs hit the unique key and change nothing.
 */
@Entity('delivery_events')
@Unique('UQ_delivery_events_ref_recipient_type', ['messageRef', 'recipient', 'type'])
@Index(['recipient', 'occurredAt'])
// Behind foreign keys: deleting a parent row finds these rows without scanning the table.
@Index('IDX_delivery_events_delivery', ['deliveryId'], { where: '"delivery_id" IS NOT NULL' })
// /metrics and the admin's rates read the feedback of a recent window.
@Index('IDX_delivery_events_occurred_at', ['occurredAt'])
export class DeliveryEvent {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** The SES message id (SES events) or the bounced email's Message-ID (DSNs by mail). */
  @Column('text', { name: 'message_ref' }) messageRef!: string;
  /** Lower-cased. */
  @Column('text') recipient!: string;
  @Column('text') type!: DeliveryEventType;
  @Column('text') source!: FeedbackSource;
  /**
   * The delivery it belongs to, when one was found. An event outlives its delivery and programme
   * (SET NULL): bounces and complaints are judged per address and feed the suppression list.
   */
  @Column('uuid', { name: 'delivery_id', nullable: true })
  @ForeignKey(() => Delivery, { name: 'fk_delivery_events_delivery_id', onDelete: 'SET NULL' })
  deliveryId!: string | null;
  /** Programme of that delivery, kept here so rates per programme need no joins through pairings. */
  @Column('uuid', { name: 'programme_id', nullable: true })
  @ForeignKey(() => Programme, { name: 'fk_delivery_events_programme_id', onDelete: 'SET NULL' })
  programmeId!: string | null;
  /** Permanent | Transient | Undetermined for bounces. */
  @Column('text', { name: 'bounce_type', nullable: true }) bounceType!: string | null;
  @Column('text', { name: 'bounce_sub_type', nullable: true }) bounceSubType!: string | null;
  /** Bounce score this event added (soft 1, hard 2; 0 for events that do not score). */
  @Column('smallint', { default: 0 }) score!: number;
  @Column('text', { nullable: true }) detail!: string | null;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
