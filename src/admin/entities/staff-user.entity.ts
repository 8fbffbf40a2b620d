import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A programme staff member who may use the admin view and the admin API. */
@Entity('staff_users')
export class StaffUser {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** Lower-cased. */
  @Column('text', { unique: true }) email!: string;
  /** argon2id, with its parameters in the encoded string. */
  @Column('text', { name: 'password_hash' }) passwordHash!: string;
  /** SHA-256 of the staff API token (the token itself is shown once and never stored). */
  @Column('text', { name: 'api_token_hash', nullable: true, unique: true }) apiTokenHash!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  /** Whether the weekly staff digest (what needs attention, the funnel, reply times) is sent. */
  @Column('boolean', { name: 'weekly_digest', default: true }) weeklyDigest!: boolean;
  @Column('timestamptz', { name: 'last_login_at', nullable: true }) lastLoginAt!: Date | null;
}
