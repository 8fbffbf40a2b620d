import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('threads')
@Index(['pairingId', 'normalizedSubject'])
export class Thread {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'pairing_id' }) pairingId!: string;
  @Column('text') subject!: string;
  /** Subject without Re:/Fwd:/AW:/SV: prefixes and tags, lower-cased: the fallback threading key. */
  @Column('text', { name: 'normalized_subject' }) normalizedSubject!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'last_message_at', default: () => 'now()' }) lastMessageAt!: Date;
}
