import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { InboundReason } from './entities/inbound-email.entity';

const PAUSED: InboundReason = 'pairing_paused';

/** The emails that wait for a paused pairing (held `pairing_paused`), and their release. */
@Injectable()
export class PausedMailRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Back to `received`, oldest first, so the pipeline takes each from the start once more. Only
   * rows still held are touched: two resumes at once release each email once.
   */
  async release(pairingId: string): Promise<string[]> {
    const [rows] = (await this.dataSource.query(
      `UPDATE inbound_emails
          SET status = 'received', reason = NULL, detail = NULL, processed_at = NULL
        WHERE pairing_id = $1 AND status = 'held' AND reason = $2
        RETURNING id, received_at`,
      [pairingId, PAUSED],
    )) as [{ id: string; received_at: Date }[], number];
    return rows.sort((a, b) => a.received_at.getTime() - b.received_at.getTime()).map((r) => r.id);
  }

  countWaiting(pairingId: string): Promise<number> {
    return this.dataSource
      .query(
        `SELECT count(*)::int AS n FROM inbound_emails WHERE pairing_id = $1 AND status = 'held' AND reason = $2`,
        [pairingId, PAUSED],
      )
      .then((rows: { n: number }[]) => rows[0].n);
  }
}
