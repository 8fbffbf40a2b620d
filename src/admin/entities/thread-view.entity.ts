import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Pairing } from '../../programs/entities/pairing.entity';
import { Thread } from '../../conversations/entities/thread.entity';
import { StaffUser } from './staff-user.entity';

/** Who on the staff read which conversation, and when: participants' mail is private. */
@Entity('thread_views')
@Index('IDX_thread_views_pairing', ['pairingId', 'viewedAt'])
export class ThreadView {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'staff_id' })
  @ForeignKey(() => StaffUser, { name: 'fk_thread_views_staff_id', onDelete: 'CASCADE' })
  staffId!: string;
  @Column('uuid', { name: 'thread_id' })
  @ForeignKey(() => Thread, { name: 'fk_thread_views_thread_id', onDelete: 'CASCADE' })
  threadId!: string;
  @Column('uuid', { name: 'pairing_id' })
  @ForeignKey(() => Pairing, { name: 'fk_thread_views_pairing_id', onDelete: 'CASCADE' })
  pairingId!: string;
  @CreateDateColumn({ name: 'viewed_at', type: 'timestamptz' }) viewedAt!: Date;
}
