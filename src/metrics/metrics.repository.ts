import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** Longest any one scrape statement may run: a slow database must not hold Prometheus (or a pool connection). */
export const SCRAPE_STATEMENT_TIMEOUT_MS = 2_000;

export interface StatusCount {
  status: string;
  reason: string;
  n: number;
}
export interface KindStatusCount {
  kind: string;
  status: string;
  n: number;
}
export interface WaitingCount {
  status: string;
  n: number;
  /** Age of the oldest row in that status, in seconds. */
  oldestSeconds: number;
}
/** Counts over the last 5 minutes, hour, day and week. */
export interface Windows {
  m5: number;
  h1: number;
  d1: number;
  d7: number;
}

export interface ClusterFigures {
  inbound24h: StatusCount[];
  inboundWaiting: WaitingCount[];
  deliveries24h: KindStatusCount[];
  deliveriesOpen: WaitingCount[];
  sent: Windows;
  bounces: Windows;
  complaints: Windows;
  suppressions: number;
}

/**
 * The figures /metrics reads from PostgreSQL: one grouped statement per family, each on an index
 * (received_at, created_at, (status, created_at), sent_at, occurred_at), in one read-only
 * transaction with a statement timeout. Totals over all time are left out on purpose: they grow
 * with the tables, and a scrape every 15 s must stay cheap. The states that wait for something
 * (received, held; queued, sending, uncertain, failed) are counted in full: they stay small.
 */
@Injectable()
export class MetricsRepository {
  constructor(private readonly dataSource: DataSource) {}

  read(): Promise<ClusterFigures> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      await tx.query(`SET LOCAL statement_timeout = ${SCRAPE_STATEMENT_TIMEOUT_MS}`);
      return {
        inbound24h: await this.inbound24h(tx),
        inboundWaiting: await this.inboundWaiting(tx),
        deliveries24h: await this.deliveries24h(tx),
        deliveriesOpen: await this.deliveriesOpen(tx),
        sent: await this.sent(tx),
        ...(await this.feedback(tx)),
        suppressions: await this.suppressions(tx),
      };
    });
  }

  private async inbound24h(tx: EntityManager): Promise<StatusCount[]> {
    return (await tx.query(
      `SELECT status, COALESCE(reason, '') AS reason, count(*)::int AS n FROM inbound_emails
        WHERE received_at >= now() - interval '24 hours' GROUP BY 1, 2`,
    )) as StatusCount[];
  }

  private async deliveries24h(tx: EntityManager): Promise<KindStatusCount[]> {
    return (await tx.query(
      `SELECT kind, status, count(*)::int AS n FROM deliveries
        WHERE created_at >= now() - interval '24 hours' GROUP BY 1, 2`,
    )) as KindStatusCount[];
  }

  /** Emails waiting (received, not processed yet) or held for staff, with the oldest one's age. */
  private async inboundWaiting(tx: EntityManager): Promise<WaitingCount[]> {
    return (await tx.query(
      `SELECT status, count(*)::int AS n, EXTRACT(EPOCH FROM now() - min(received_at))::float8 AS "oldestSeconds"
         FROM inbound_emails WHERE status IN ('received', 'held') GROUP BY 1`,
    )) as WaitingCount[];
  }

  /** Deliveries not sent yet, sending, or waiting for staff (uncertain, failed), with the oldest one's age. */
  private async deliveriesOpen(tx: EntityManager): Promise<WaitingCount[]> {
    return (await tx.query(
      `SELECT status, count(*)::int AS n, EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS "oldestSeconds"
         FROM deliveries WHERE status IN ('queued', 'sending', 'uncertain', 'failed') GROUP BY 1`,
    )) as WaitingCount[];
  }

  private async sent(tx: EntityManager): Promise<Windows> {
    const rows = (await tx.query(
      `SELECT count(*) FILTER (WHERE sent_at >= now() - interval '5 minutes')::int AS m5,
              count(*) FILTER (WHERE sent_at >= now() - interval '1 hour')::int AS h1,
              count(*) FILTER (WHERE sent_at >= now() - interval '24 hours')::int AS d1,
              count(*)::int AS d7
         FROM deliveries WHERE sent_at >= now() - interval '7 days'`,
    )) as Windows[];
    return rows[0];
  }

  /**
   * Bounces and complaints as SES counts them for its reputation rates: distinct (email,
   * recipient) pairs, however many events each had.
   */
  private async feedback(tx: EntityManager): Promise<{ bounces: Windows; complaints: Windows }> {
    const rows = (await tx.query(
      `SELECT type,
              count(DISTINCT (message_ref, recipient)) FILTER (WHERE occurred_at >= now() - interval '5 minutes')::int AS m5,
              count(DISTINCT (message_ref, recipient)) FILTER (WHERE occurred_at >= now() - interval '1 hour')::int AS h1,
              count(DISTINCT (message_ref, recipient)) FILTER (WHERE occurred_at >= now() - interval '24 hours')::int AS d1,
              count(DISTINCT (message_ref, recipient))::int AS d7
         FROM delivery_events
        WHERE occurred_at >= now() - interval '7 days' AND type IN ('bounce', 'complaint')
        GROUP BY type`,
    )) as (Windows & { type: string })[];
    const of = (type: string): Windows => rows.find((r) => r.type === type) ?? { m5: 0, h1: 0, d1: 0, d7: 0 };
    return { bounces: of('bounce'), complaints: of('complaint') };
  }

  private async suppressions(tx: EntityManager): Promise<number> {
    const rows = (await tx.query(`SELECT count(*)::int AS n FROM suppressions WHERE lifted_at IS NULL`)) as {
      n: number;
    }[];
    return rows[0].n;
  }
}
