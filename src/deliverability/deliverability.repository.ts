import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DnsCheckRun, type StoredRecordCheck } from './entities/dns-check-run.entity';

export interface SendingCounts {
  sent: number;
  bounces: number;
  complaints: number;
  /** Addresses on the suppression list now (not lifted). */
  suppressed: number;
}

@Injectable()
export class DeliverabilityRepository {
  constructor(private readonly dataSource: DataSource) {}

  async saveRun(run: {
    checkedAt: Date;
    ok: boolean;
    domain: string;
    records: StoredRecordCheck[];
  }): Promise<void> {
    await this.dataSource.getRepository(DnsCheckRun).insert(run);
  }

  /** The latest check of this domain, or null before the first one. */
  latestRun(domain: string): Promise<DnsCheckRun | null> {
    return this.dataSource
      .getRepository(DnsCheckRun)
      .findOne({ where: { domain }, order: { checkedAt: 'DESC' } });
  }

  /** Runs older than the newest `keep` go: the card only reads the latest. */
  async prune(keep: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM dns_check_runs WHERE id NOT IN (SELECT id FROM dns_check_runs ORDER BY checked_at DESC LIMIT $1)`,
      [keep],
    );
  }

  /**
   * Everything sent since `since` (every kind, every programme) against distinct bounced or
   * complained (message, recipient) pairs, as SES computes its reputation rates; and the
   * suppression list's size.
   */
  async sendingCounts(since: Date): Promise<SendingCounts> {
    const [row] = (await this.dataSource.query(
      `SELECT
         (SELECT count(*)::int FROM deliveries WHERE sent_at >= $1 AND transport_id IS NOT NULL) AS sent,
         (SELECT count(DISTINCT (message_ref, recipient))::int FROM delivery_events
            WHERE type = 'bounce' AND occurred_at >= $1) AS bounces,
         (SELECT count(DISTINCT (message_ref, recipient))::int FROM delivery_events
            WHERE type = 'complaint' AND occurred_at >= $1) AS complaints,
         (SELECT count(*)::int FROM suppressions WHERE lifted_at IS NULL) AS suppressed`,
      [since],
    )) as SendingCounts[];
    return row;
  }
}
