import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface WeekCount {
  week: Date;
  n: number;
}

@Injectable()
export class DashboardRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Relayed messages per ISO week for the last `weeks` weeks, empty weeks included. */
  async messagesPerWeek(weeks: number): Promise<WeekCount[]> {
    const rows: { week: Date; n: number }[] = await this.dataSource.query(
      `SELECT w.week, coalesce(c.n, 0)::int AS n
       FROM generate_series(date_trunc('week', now()) - ($1::int - 1) * interval '1 week',
                            date_trunc('week', now()), interval '1 week') AS w(week)
       LEFT JOIN (SELECT date_trunc('week', created_at) AS week, count(*) AS n FROM messages
                  WHERE kind = 'relay' AND created_at >= date_trunc('week', now()) - ($1::int - 1) * interval '1 week'
                  GROUP BY 1) c ON c.week = w.week
       ORDER BY w.week`,
      [weeks],
    );
    return rows;
  }

  /** Deliveries of the last 30 days by status. */
  async deliveryStatus(): Promise<Record<string, number>> {
    const rows: { status: string; n: number }[] = await this.dataSource.query(
      `SELECT status, count(*)::int AS n FROM deliveries
       WHERE created_at > now() - interval '30 days' GROUP BY status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** Inbound mail of the last 30 days by status. */
  async inboundStatus(): Promise<Record<string, number>> {
    const rows: { status: string; n: number }[] = await this.dataSource.query(
      `SELECT status, count(*)::int AS n FROM inbound_emails
       WHERE received_at > now() - interval '30 days' GROUP BY status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
}
