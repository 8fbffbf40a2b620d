import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface SuppressionRow {
  id: string;
  address: string;
  reason: string;
  source: string;
  createdAt: Date;
  liftedAt: Date | null;
  /** Participants registered with this address, e.g. "Ana (mentor, Bright Futures)". */
  owners: string | null;
}

/**
 * Reads the outbound module's suppression list for display only; suppressing and lifting stay
 * with SuppressionService. Active entries first, newest first.
 */
@Injectable()
export class SuppressionReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(filter: { active?: boolean; limit: number }): Promise<SuppressionRow[]> {
    return this.dataSource.query(
      `WITH page AS (
         SELECT * FROM suppressions
         WHERE ($1::boolean IS NULL OR (lifted_at IS NULL) = $1)
         ORDER BY (lifted_at IS NULL) DESC, created_at DESC LIMIT $2
       )
       SELECT s.id, s.address, s.reason, s.source, s.created_at AS "createdAt", s.lifted_at AS "liftedAt",
              o.owners
       FROM page s
       LEFT JOIN LATERAL (
         SELECT string_agg(pa.name || ' (' || pa.role || ', ' || pr.name || ')', ', ' ORDER BY pa.name) AS owners
         FROM participants pa JOIN programmes pr ON pr.id = pa.programme_id
         WHERE pa.email = s.address
       ) o ON true
       ORDER BY (s.lifted_at IS NULL) DESC, s.created_at DESC`,
      [filter.active ?? null, filter.limit],
    );
  }

  async counts(): Promise<{ active: number; lifted: number }> {
    const rows: { active: number; lifted: number }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE lifted_at IS NULL)::int AS active,
              count(*) FILTER (WHERE lifted_at IS NOT NULL)::int AS lifted
       FROM suppressions`,
    );
    return rows[0] ?? { active: 0, lifted: 0 };
  }
}
