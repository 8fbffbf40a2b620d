import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { StaffUser } from './staff-user.entity';

/**
 * A login session. Kept in PostgreSQL because many API processes serve the same staff; the
 * cookie carries a random id whose SHA-256 is the key, so a database leak yields no live cookie.
 */
@Entity('staff_sessions')
@Index('IDX_staff_sessions_expires', ['expiresAt'])
export class StaffSession {
  @PrimaryColumn('text', { name: 'id_hash' }) idHash!: string;
  @Column('uuid', { name: 'staff_id' })
  @ForeignKey(() => StaffUser, { name: 'fk_staff_sessions_staff_id', onDelete: 'CASCADE' })
  staffId!: string;
  /** The synchronizer token every form of this session must echo back. */
  @Column('text', { name: 'csrf_token' }) csrfToken!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
}
