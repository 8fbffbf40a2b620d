import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Addresses we do not send to. One row per address: lifting keeps the row (with lifted_at) so
 * staff can see the history, and a new suppression reopens it.
 */
@Entity('suppressions')
export class Suppression {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** Lower-cased. */
  @Column('text', { unique: true }) address!: string;
  /** e.g. "permanent bounce: 5.1.1 user unknown", "bounce score 4 in 30 days". */
  @Column('text') reason!: string;
  /** ses | dsn | staff */
  @Column('text') source!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'lifted_at', nullable: true }) liftedAt!: Date | null;
}
