import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A failed login, kept briefly so that guessing is limited per address and IP across processes. */
@Entity('staff_login_failures')
@Index('IDX_staff_login_failures_email_ip', ['email', 'ip', 'failedAt'])
@Index('IDX_staff_login_failures_ip', ['ip', 'failedAt'])
export class LoginFailure {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text') email!: string;
  @Column('text') ip!: string;
  @CreateDateColumn({ name: 'failed_at', type: 'timestamptz' }) failedAt!: Date;
}
