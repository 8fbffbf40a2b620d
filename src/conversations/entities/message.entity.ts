import type { DroppedAttachmentReason } from '../../inbound/checks/attachments-policy';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InboundEmail } from '../../inbound/entities/inbound-email.entity';
import { Participant } from '../../programs/entities/participant.entity';
import { Pairing } from '../../programs/entities/pairing.entity';
import { Thread } from './thread.entity';

export interface StoredAttachment {
  filename: string;
  contentType: string;
  size: number;
  /** Storage key (local path or S3 object key). */
  key: string;
  /** Content-ID for inline images (`cid:`), without angle brackets. */
  cid?: string;
}

/** A file the attachment policy left out of a message (see inbound/checks/attachments-policy.ts). */
export interface DroppedFile {
  /** As the author named it; masked where it is relayed. */
  filename: string;
  contentType: string;
  reason: DroppedAttachmentReason;
}

export type MessageKind = 'relay' | 'prompt';

@Entity('messages')
@Index(['threadId', 'createdAt'])
@Index(['pairingId', 'createdAt'])
// The admin's per-side statistics and weekly chart.
@Index('IDX_admin_messages_pairing_author', ['pairingId', 'authorId', 'createdAt'])
@Index('IDX_admin_messages_created', ['createdAt'])
// Behind foreign keys: deleting a parent row finds these rows without scanning the table.
@Index('IDX_messages_author', ['authorId'], { where: '"author_id" IS NOT NULL' })
export class Message {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'thread_id' })
  @ForeignKey(() => Thread, { name: 'fk_messages_thread_id', onDelete: 'CASCADE' })
  threadId!: string;
  @Column('uuid', { name: 'pairing_id' })
  @ForeignKey(() => Pairing, { name: 'fk_messages_pairing_id', onDelete: 'CASCADE' })
  pairingId!: string;
  @Column('text', { default: 'relay' }) kind!: MessageKind;
  /** Null for messages MentorMail itself wrote (prompts). */
  @Column('uuid', { name: 'author_id', nullable: true })
  @ForeignKey(() => Participant, { name: 'fk_messages_author_id', onDelete: 'CASCADE' })
  authorId!: string | null;
  /** The email it came in; the conversation outlives a deleted raw email (SET NULL). */
  @Column('uuid', { name: 'inbound_email_id', nullable: true, unique: true })
  @ForeignKey(() => InboundEmail, { name: 'fk_messages_inbound_email_id', onDelete: 'SET NULL' })
  inboundEmailId!: string | null;
  @Column('text', { name: 'new_text' }) newText!: string;
  @Column('text', { name: 'quoted_text', default: '' }) quotedText!: string;
  @Column('text', { name: 'full_text', default: '' }) fullText!: string;
  @Column('text', { nullable: true }) html!: string | null;
  /** The new text as sanitised HTML cut from the email's HTML part (see extraction/html-reply.ts). */
  @Column('text', { name: 'new_html', nullable: true }) newHtml!: string | null;
  @Column('text', { nullable: true }) subject!: string | null;
  /** The Message-ID header of the email that carried this message (without angle brackets). */
  @Column('text', { name: 'message_id' }) messageId!: string;
  @Column('text', { name: 'in_reply_to', nullable: true }) inReplyTo!: string | null;
  @Column('text', { array: true, default: () => "'{}'" }) references!: string[];
  @Column('jsonb', { default: () => "'[]'" }) attachments!: StoredAttachment[];
  @Column('jsonb', { name: 'dropped_attachments', default: () => "'[]'" }) droppedAttachments!: DroppedFile[];
  /** How the new text was found, and whether extraction was sure (if not, the full body was kept). */
  @Column('text', { name: 'extraction_method', default: 'text' }) extractionMethod!: string;
  @Column('boolean', { name: 'extraction_confident', default: true }) extractionConfident!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
