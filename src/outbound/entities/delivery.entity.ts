import type { JsonObject } from '../../database/json';
import {
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Message } from '../../conversations/entities/message.entity';
import { Participant } from '../../programs/entities/participant.entity';
import { Pairing } from '../../programs/entities/pairing.entity';

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
// The admin's outbound log, and a pairing's deliveries.
@Index('IDX_admin_deliveries_created', ['createdAt'])
@Index('IDX_admin_deliveries_pairing', ['pairingId', 'createdAt'])
// Behind foreign keys: deleting a parent row finds these rows without scanning the table.
@Index('IDX_deliveries_recipient', ['recipientId'], { where: '"recipient_id" IS NOT NULL' })
@Index('IDX_deliveries_source_message', ['sourceMessageId'], { where: '"source_message_id" IS NOT NULL' })
// /metrics and the admin's rates read the sends of a recent window.
@Index('IDX_deliveries_sent_at', ['sentAt'], { where: '"sent_at" IS NOT NULL' })
// A pairing's first welcome or prompt sent: "no first exchange" counts from it (health, signals).
@Index('IDX_deliveries_first_contact', ['pairingId', 'sentAt'], {
  where: `"kind" IN ('welcome', 'prompt') AND "sent_at" IS NOT NULL`,
})
export class Delivery {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** `relay:<message>:<recipient>`, `prompt:...`, `digest:...`: also the Bull jobId. */
  @Column('text', { name: 'dedupe_key', unique: true }) dedupeKey!: string;
  @Column('text') kind!: DeliveryKind;
  @Column('text', { default: 'queued' }) status!: DeliveryStatus;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('uuid', { name: 'pairing_id', nullable: true })
  @ForeignKey(() => Pairing, { name: 'fk_deliveries_pairing_id', onDelete: 'CASCADE' })
  pairingId!: string | null;
  @Column('uuid', { name: 'source_message_id', nullable: true })
  @ForeignKey(() => Message, { name: 'fk_deliveries_source_message_id', onDelete: 'CASCADE' })
  sourceMessageId!: string | null;
  @Column('uuid', { name: 'recipient_id', nullable: true })
  @ForeignKey(() => Participant, { name: 'fk_deliveries_recipient_id', onDelete: 'CASCADE' })
  recipientId!: string | null;
  @Column('text', { name: 'to_address' }) toAddress!: string;
  /** Our Message-ID for this email, fixed when the row is written so a retry sends the same id. */
  @Column('text', { name: 'message_id' }) messageId!: string;
  /**
   * Secret half of this delivery's return path (see bounce-address.ts); drawn by the database.
   * Only a bounce arriving at that address may suppress this delivery's recipient.
   */
  @Column({
    type: 'text',
    name: 'bounce_token',
    insert: false,
    update: false,
    default: () => "substr(encode(sha256(uuid_send(gen_random_uuid())), 'hex'), 1, 20)",
  })
  bounceToken!: string;
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
  /**
   * The process whose claim this is (see SenderPresence): when it stops beating, a claim it never
   * handed over is queued again at the next sweep. No foreign key: the process row goes when it stops.
   */
  @Column('uuid', { name: 'claimed_by', nullable: true }) claimedBy!: string | null;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
