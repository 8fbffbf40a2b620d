import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who on the staff read which conversation, and when: participants' mail is private. */
@Entity('thread_views')
@Index(['pairingId', 'viewedAt'])
export class ThreadView {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'staff_id' }) staffId!: string;
  @Column('uuid', { name: 'thread_id' }) threadId!: string;
  @Column('uuid', { name: 'pairing_id' }) pairingId!: string;
  @CreateDateColumn({ name: 'viewed_at', type: 'timestamptz' }) viewedAt!: Date;
}
