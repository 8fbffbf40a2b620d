import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Pairing } from '../../programs/entities/pairing.entity';

@Entity('threads')
@Index(['pairingId', 'normalizedSubject'])
// The admin's thread list of a pairing, latest first.
@Index('IDX_admin_threads_pairing_last', ['pairingId', 'lastMessageAt'])
export class Thread {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'pairing_id' })
  @ForeignKey(() => Pairing, { name: 'fk_threads_pairing_id', onDelete: 'CASCADE' })
  pairingId!: string;
  @Column('text') subject!: string;
  /** Subject without Re:/Fwd:/AW:/SV: prefixes and tags, lower-cased: the fallback threading key. */
  @Column('text', { name: 'normalized_subject' }) normalizedSubject!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'last_message_at', default: () => 'now()' }) lastMessageAt!: Date;
}
