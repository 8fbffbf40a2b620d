import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Participant } from '../../programs/entities/participant.entity';

/**
 * A question the programme asked a person by email from their desk address, still waiting or
 * answered: the reply is matched to it by the Message-ID it cites, or else to the newest open ask.
 * `kind` names the handler (see DeskRegistry); `refId` is the handler's own row (a request, a survey).
 */
@Entity('desk_asks')
@Index('IDX_desk_asks_open', ['participantId', 'createdAt'], { where: '"closed_at" IS NULL' })
@Index('IDX_desk_asks_message_id', ['messageId'], { unique: true, where: '"message_id" IS NOT NULL' })
export class DeskAsk {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'participant_id' })
  @ForeignKey(() => Participant, { name: 'fk_desk_asks_participant_id', onDelete: 'CASCADE' })
  participantId!: string;
  @Column('text') kind!: string;
  @Column('uuid', { name: 'ref_id', nullable: true }) refId!: string | null;
  /** The Message-ID of the email that asked (the delivery's), which a reply cites. */
  @Column('text', { name: 'message_id', nullable: true }) messageId!: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  /** The last time a reply answered it (a questionnaire can be answered in parts). */
  @Column('timestamptz', { name: 'answered_at', nullable: true }) answeredAt!: Date | null;
  /** Nothing more is expected: answered in full, expired, or replaced by a newer ask. */
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
}
