import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Participant } from '../../programs/entities/participant.entity';
import { Message } from './message.entity';

/**
 * The Message-ID map, both ways: every id under which a participant knows one of our messages
 * (the id of the email they sent, or of the relayed copy they received). Threading and the
 * In-Reply-To/References we put on a relayed copy are resolved through it.
 */
@Entity('message_id_links')
@Index(['messageRowId', 'participantId'])
// Behind foreign keys: deleting a parent row finds these rows without scanning the table.
@Index('IDX_message_id_links_participant', ['participantId'], { where: '"participant_id" IS NOT NULL' })
export class MessageIdLink {
  @PrimaryColumn('text', { name: 'message_id' }) messageId!: string;
  @Column('uuid', { name: 'message_row_id' })
  @ForeignKey(() => Message, { name: 'fk_message_id_links_message_row_id', onDelete: 'CASCADE' })
  messageRowId!: string;
  /**
   * Copies of the message's own thread and pairing, written from its row; no foreign key of their
   * own (it would need an index each on this, the largest table): the link goes with its message.
   */
  @Column('uuid', { name: 'thread_id' }) threadId!: string;
  @Column('uuid', { name: 'pairing_id' }) pairingId!: string;
  /** Who knows the message under this id (the author of an inbound email, the recipient of a copy). */
  @Column('uuid', { name: 'participant_id', nullable: true })
  @ForeignKey(() => Participant, { name: 'fk_message_id_links_participant_id', onDelete: 'CASCADE' })
  participantId!: string | null;
  @Column('text') direction!: 'inbound' | 'outbound';
}
