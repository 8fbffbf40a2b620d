import type { JsonObject } from '../../database/json';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type DeliveryKind = 'relay' | 'prompt' | 'digest' | 'notice' | 'welcome' | 'checkin';
/**
 * queued -> sending -> sent | failed | suppressed; a delivery found in `sending` after a crash,
 * handed to the transport but with no transport id, becomes `uncertain`: shown to staff, never
 * resent automatically. One whose worker died before the hand-over goes back to `queued`.
 */
export type DeliveryStatus =
  'queued' | 'sending' | 'sent' | 'failed' | 'suppressed' | 'uncertain' | 'skipped';

@Entity('deliveries')
@Index(['status', 'createdAt'])
// Feedback (SES events) finds the delivery by the id SES returned.
@Index('IDX_deliveries_transport_id', ['transportId'], { where: '"transport_id" IS NOT NULL' })
export class Delivery {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** `relay:<message>:<recipient>`, `prompt:...`, `digest:...`: also the Bull jobId. */
  @Column('text', { name: 'dedupe_key', unique: true }) dedupeKey!: string;
  @Column('text') kind!: DeliveryKind;
  @Column('text', { default: 'queued' }) status!: DeliveryStatus;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('uuid', { name: 'pairing_id', nullable: true }) pairingId!: string | null;
  @Column('uuid', { name: 'source_message_id', nullable: true }) sourceMessageId!: string | null;
  @Column('uuid', { name: 'recipient_id', nullable: true }) recipientId!: string | null;
  @Column('text', { name: 'to_address' }) toAddress!: string;
  /** Our Message-ID for this email, fixed when the row is written so a retry sends the same id. */
  @Column('text', { name: 'message_id' }) messageId!: string;
  /**
   * Secret half of this delivery's return path (see bounce-address.ts); drawn by the database.
   * Only a bounce arriving at that address may suppress this delivery's recipient.
   */
  @Column({ type: 'text', name: 'bounce_token', insert: false, update: false }) bounceToken!: string;
  /** What to build, for kinds whose content is not a stored message (notices, prompts). */
  @Column('jsonb', { nullable: true }) payload!: JsonObject | null;
  @Column('text', { nullable: true }) transport!: string | null;
  @Column('text', { name: 'transport_id', nullable: true }) transportId!: string | null;
  @Column('text', { name: 'provider_message_id', nullable: true }) providerMessageId!: string | null;
  @Column('text', { name: 'template_name', nullable: true }) templateName!: string | null;
  @Column('text', { name: 'template_hash', nullable: true }) templateHash!: string | null;
  @Column('integer', { default: 0 }) attempts!: number;
  @Column('timestamptz', { name: 'sending_started_at', nullable: true }) sendingStartedAt!: Date | null;
  /**
   * Set just before the transport is called, by the claim that is sending. A `sending` row without
   * it never left (its worker died first): queued again. With it, the send is `uncertain`.
   */
  @Column('timestamptz', { name: 'handed_at', nullable: true }) handedAt!: Date | null;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
