import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Suppression } from '../entities/suppression.entity';

@Injectable()
export class SuppressionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async isSuppressed(address: string): Promise<boolean> {
    return this.dataSource.manager
      .createQueryBuilder(Suppression, 's')
      .where('s.address = :address AND s.lifted_at IS NULL', { address: address.toLowerCase() })
      .getExists();
  }

  find(address: string): Promise<Suppression | null> {
    return this.dataSource.manager.findOneBy(Suppression, { address: address.toLowerCase() });
  }

  /** Suppresses, or reopens a lifted suppression; an active one keeps its first reason. Returns whether it was new. */
  async suppress(address: string, reason: string, source: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO suppressions (address, reason, source) VALUES ($1, $2, $3)
       ON CONFLICT (address) DO UPDATE
         SET reason = EXCLUDED.reason, source = EXCLUDED.source, created_at = now(), lifted_at = NULL
         WHERE suppressions.lifted_at IS NOT NULL
       RETURNING id`,
      [address.toLowerCase(), reason.slice(0, 500), source],
    )) as unknown[];
    return rows.length > 0;
  }

  async lift(address: string): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Suppression)
      .set({ liftedAt: () => 'now()' })
      .where('address = :address AND lifted_at IS NULL', { address: address.toLowerCase() })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * Sum of bounce scores for an address since `since`, counting only bounces after the last lift:
   * a person whose address staff lifted starts again from zero.
   */
  async bounceScore(address: string, since: Date): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT COALESCE(SUM(e.score), 0)::int AS score FROM delivery_events e
       WHERE e.recipient = $1 AND e.type = 'bounce' AND e.occurred_at >= $2
         AND e.created_at > COALESCE((SELECT lifted_at FROM suppressions WHERE address = $1), '-infinity')`,
      [address.toLowerCase(), since],
    )) as { score: number }[];
    return rows[0]?.score ?? 0;
  }
}
