import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RecordStatus } from '../dns-check';

/** One record's verdict as stored: what the admin card shows without resolving anything. */
export interface StoredRecordCheck {
  id: string;
  type: string;
  name: string;
  value: string;
  optional: boolean;
  status: RecordStatus;
  detail: string;
}

/**
 * The DNS check run at boot and daily; the card shows the latest. Kept as rows (a few a day) so
 * every process sees the same result and a restart does not forget it.
 */
@Entity('dns_check_runs')
@Index('IDX_dns_check_runs_checked_at', ['checkedAt'])
export class DnsCheckRun {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('timestamptz', { name: 'checked_at' }) checkedAt!: Date;
  /** Every required record right. */
  @Column('boolean') ok!: boolean;
  /** The domain checked: a changed RELAY_DOMAIN makes older runs irrelevant. */
  @Column('text') domain!: string;
  @Column('jsonb') records!: StoredRecordCheck[];
}
