import type { JsonObject } from '../../database/json';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Pairing } from '../../programs/entities/pairing.entity';

export type InboundSource = 'smtp' | 'ses' | 'cli';

/**
 * Where an inbound email ended: `received` until processed; then exactly one of
 * accepted (relayed), rejected, held (for staff review), ignored (duplicate, auto-reply, loop),
 * bounce (handed to bounce handling). The reason names the check that decided it.
 */
export type InboundStatus = 'received' | 'accepted' | 'rejected' | 'held' | 'ignored' | 'bounce';

/**
 * Every reason an inbound email can end with: the name of the check (or hook) that decided it,
 * as stored in `inbound_emails.reason`, shown in the admin and written in the README.
 */
export type InboundReason =
  | 'duplicate'
  | 'malformed'
  | 'too_large'
  | 'unrelayable'
  | 'delivery_report'
  | 'loop'
  | 'auto_generated'
  | 'unknown_recipient'
  | 'pairing_not_active'
  | 'pairing_paused'
  | 'unknown_sender'
  | 'rate_limited'
  | 'pairing_loop'
  | 'authentication_failed'
  | 'empty'
  | 'relayed'
  | 'processing_error'
  | 'command'
  | 'poll_vote'
  | 'poll_not_counted'
  | 'letter_auto_reply'
  | 'letter_empty'
  | 'letter_kept'
  | 'checkin_proposed'
  | 'checkin_picked'
  | 'checkin_pick_invalid'
  | 'notices_address'
  // The programme's desk (src/desk): an answer taken, or a reply when nothing was asked.
  | 'desk_answer'
  | 'desk_no_question'
  // Circles (src/circles): a muted member's mail, held; #leave and #mute by reply.
  | 'member_muted'
  | 'circle_left'
  | 'circle_mute'
  // Topic rooms (src/rooms): #join / #leave <topic> by reply to any of our addresses; a call's RSVP.
  | 'room_join'
  | 'room_leave'
  | 'room_rsvp'
  // Mail to a room nobody else is in yet: it reaches no one; the writer is told how people join.
  | 'room_empty'
  // Safeguarding (youth programmes): contact details or a flagged word, held for the moderation queue.
  | 'safeguarding'
  // Staff rejected a held message in the moderation queue (the author is told why).
  | 'moderation_rejected';

/**
 * Holds staff may release from the mail log: the email goes through the pipeline again and the
 * check that held it lets it pass (every other check still runs). A safeguarding hold is not one:
 * it is decided in the programme's moderation queue, where approving, editing or rejecting it is
 * kept in the staff audit.
 */
export const RELEASABLE_HOLDS: readonly InboundReason[] = [
  'authentication_failed',
  'rate_limited',
  'pairing_loop',
  'member_muted',
];

/**
 * Staff decisions that reprocessing from the mail log must not undo: run through the checks again
 * after the programme's safeguarding settings changed, such an email could be relayed with no
 * decision in the audit.
 */
export const MODERATED_REASONS: readonly InboundReason[] = ['safeguarding', 'moderation_rejected'];

@Entity('inbound_emails')
@Index(['status', 'receivedAt'])
@Index('IDX_inbound_emails_sender_received', ['sender', 'receivedAt'])
@Index('IDX_inbound_emails_recipient_received', ['recipient', 'receivedAt'])
// The admin's mail log, and the held mail of a pairing.
@Index('IDX_admin_inbound_received', ['receivedAt'])
@Index('IDX_admin_inbound_held', ['pairingId'], { where: `"status" = 'held'` })
// Behind foreign keys: deleting a parent row finds these rows without scanning the table.
@Index('IDX_inbound_emails_pairing', ['pairingId'], { where: '"pairing_id" IS NOT NULL' })
@Index('IDX_inbound_emails_duplicate_of', ['duplicateOf'], { where: '"duplicate_of" IS NOT NULL' })
export class InboundEmail {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') source!: InboundSource;
  /** SES mail.messageId + recipient, or sha256(raw) + recipient; null on duplicate records. */
  @Column('text', { name: 'dedupe_key', nullable: true, unique: true }) dedupeKey!: string | null;
  @Column('uuid', { name: 'duplicate_of', nullable: true })
  @ForeignKey(() => InboundEmail, { name: 'fk_inbound_emails_duplicate_of', onDelete: 'CASCADE' })
  duplicateOf!: string | null;
  /** SMTP MAIL FROM: '' for the null sender (`<>`), null when the door did not know it (the CLI). */
  @Column('text', { name: 'envelope_from', nullable: true }) envelopeFrom!: string | null;
  @Column('text') recipient!: string;
  /** The address the flood limits count: the envelope sender, else the header From (lower case). */
  @Column('text', { nullable: true }) sender!: string | null;

  /** Emails to the pairing in its flood window when this one arrived, itself included (null: not counted). */
  @Column('integer', { name: 'pairing_mail_in_window', nullable: true }) pairingMailInWindow!: number | null;
  @Column('bytea', { nullable: true }) raw!: Buffer | null;
  @Column('integer') size!: number;
  @Column('text', { default: 'received' }) status!: InboundStatus;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('text', { nullable: true }) detail!: string | null;
  @Column('text', { name: 'from_address', nullable: true }) fromAddress!: string | null;
  @Column('text', { nullable: true }) subject!: string | null;
  @Column('text', { name: 'message_id', nullable: true }) messageId!: string | null;
  @Column('uuid', { name: 'pairing_id', nullable: true })
  @ForeignKey(() => Pairing, { name: 'fk_inbound_emails_pairing_id', onDelete: 'CASCADE' })
  pairingId!: string | null;
  /** SPF/DKIM/DMARC verdicts from SES or computed for SMTP; remote IP and HELO for SMTP. */
  @Column('jsonb', { nullable: true }) auth!: Record<string, string> | null;
  @Column('jsonb', { name: 'transport_meta', nullable: true }) transportMeta!: JsonObject | null;
  @Column('integer', { default: 0 }) attempts!: number;
  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column('timestamptz', { name: 'processed_at', nullable: true }) processedAt!: Date | null;
}
