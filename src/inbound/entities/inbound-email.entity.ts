import type { JsonObject } from '../../database/json';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type InboundSource = 'smtp' | 'ses' | 'cli';

/**
 * Where an inbound email ended: `received` until processed; then exactly one of
 * accepted (relayed), rejected, held (for staff review), ignored (duplicate, auto-reply, loop),
 * bounce (handed to bounce handling). The reason names the check that decided it.
 */
export type InboundStatus = 'received' | 'accepted' | 'rejected' | 'held' | 'ignored' | 'bounce';

@Entity('inbound_emails')
@Index(['status', 'receivedAt'])
export class InboundEmail {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') source!: InboundSource;
  /** SES mail.messageId + recipient, or sha256(raw) + recipient; null on duplicate records. */
  @Column('text', { name: 'dedupe_key', nullable: true, unique: true }) dedupeKey!: string | null;
  @Column('uuid', { name: 'duplicate_of', nullable: true }) duplicateOf!: string | null;
  /** SMTP MAIL FROM: '' for the null sender (`<>`), null when the door did not know it (the CLI). */
  @Column('text', { name: 'envelope_from', nullable: true }) envelopeFrom!: string | null;
  @Column('text') recipient!: string;
  @Column('bytea', { nullable: true }) raw!: Buffer | null;
  @Column('integer') size!: number;
  @Column('text', { default: 'received' }) status!: InboundStatus;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('text', { nullable: true }) detail!: string | null;
  @Column('text', { name: 'from_address', nullable: true }) fromAddress!: string | null;
  @Column('text', { nullable: true }) subject!: string | null;
  @Column('text', { name: 'message_id', nullable: true }) messageId!: string | null;
  @Column('uuid', { name: 'pairing_id', nullable: true }) pairingId!: string | null;
  /** SPF/DKIM/DMARC verdicts from SES or computed for SMTP; remote IP and HELO for SMTP. */
  @Column('jsonb', { nullable: true }) auth!: Record<string, string> | null;
  @Column('jsonb', { name: 'transport_meta', nullable: true }) transportMeta!: JsonObject | null;
  @Column('integer', { default: 0 }) attempts!: number;
  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column('timestamptz', { name: 'processed_at', nullable: true }) processedAt!: Date | null;
}
