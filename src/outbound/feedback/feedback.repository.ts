import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeliveryEvent } from '../entities/delivery-event.entity';

export interface DeliveryRef {
  id: string;
  programmeId: string | null;
  toAddress: string;
  status: string;
  messageId: string;
  /** The secret half of the delivery's return path (bounce-address.ts). */
  bounceToken: string;
}

export interface ProgrammeRates {
  programmeId: string;
  programmeName: string;
  sent: number;
  bounces: number;
  complaints: number;
  bounceRate: number;
  complaintRate: number;
}

const DELIVERY_REF = `SELECT d.id, pa.programme_id AS "programmeId", d.to_address AS "toAddress", d.status,
  d.message_id AS "messageId", d.bounce_token AS "bounceToken" FROM deliveries d LEFT JOIN participants pa ON pa.id = d.recipient_id`;

@Injectable()
export class FeedbackRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The delivery SES sent under this id (deliveries.transport_id). */
  async findBySesId(sesMessageId: string): Promise<DeliveryRef | null> {
    const rows = (await this.dataSource.query(`${DELIVERY_REF} WHERE d.transport_id = $1 LIMIT 1`, [
      sesMessageId,
    ])) as DeliveryRef[];
    return rows[0] ?? null;
  }

  /** The delivery a return path of ours names; the caller compares its token. */
  async findById(deliveryId: string): Promise<DeliveryRef | null> {
    const rows = (await this.dataSource.query(`${DELIVERY_REF} WHERE d.id = $1`, [
      deliveryId,
    ])) as DeliveryRef[];
    return rows[0] ?? null;
  }

  /** Inserts the event unless (message_ref, recipient, type) is known; true when it was new. */
  async insertEvent(event: Partial<DeliveryEvent>): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(DeliveryEvent)
      .values(event)
      .orIgnore()
      .returning('id')
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** SES rejected a message it had accepted: the delivery did not go out after all. */
  async markRejected(deliveryId: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE deliveries SET status = 'failed', reason = $2, updated_at = now() WHERE id = $1 AND status = 'sent'`,
      [deliveryId, reason.slice(0, 500)],
    );
  }

  /**
   * A complaint: no more prompts or digests for whoever owns the address (the conversation keeps
   * working). Written here because the participant row is the switch prompts and digests read.
   */
  async stopPrompts(address: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `UPDATE participants SET prompts_stopped_at = now(), prompts_stopped_via = 'complaint'
       WHERE prompts_stopped_at IS NULL AND (email = $1 OR $1 = ANY(email_aliases)) RETURNING id`,
      [address.toLowerCase()],
    )) as [unknown[], number] | unknown[];
    return Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
  }

  /**
   * Bounce and complaint rates per programme since `since`: sent deliveries against distinct
   * bounced or complained (email, recipient) pairs, the way SES computes its reputation rates.
   */
  async ratesByProgramme(since = new Date(Date.now() - 30 * 86_400_000)): Promise<ProgrammeRates[]> {
    const rows = (await this.dataSource.query(
      `WITH sent AS (
         SELECT pa.programme_id, count(*)::int AS sent FROM deliveries d
         JOIN participants pa ON pa.id = d.recipient_id
         WHERE d.sent_at >= $1 AND d.transport_id IS NOT NULL GROUP BY 1),
       ev AS (
         SELECT programme_id,
           count(DISTINCT (message_ref, recipient)) FILTER (WHERE type = 'bounce')::int AS bounces,
           count(DISTINCT (message_ref, recipient)) FILTER (WHERE type = 'complaint')::int AS complaints
         FROM delivery_events WHERE occurred_at >= $1 AND programme_id IS NOT NULL GROUP BY 1)
       SELECT p.id AS "programmeId", p.name AS "programmeName", COALESCE(s.sent, 0) AS sent,
         COALESCE(e.bounces, 0) AS bounces, COALESCE(e.complaints, 0) AS complaints
       FROM programmes p LEFT JOIN sent s ON s.programme_id = p.id LEFT JOIN ev e ON e.programme_id = p.id
       ORDER BY p.name`,
      [since],
    )) as Omit<ProgrammeRates, 'bounceRate' | 'complaintRate'>[];
    return rows.map((r) => ({
      ...r,
      bounceRate: r.sent > 0 ? r.bounces / r.sent : 0,
      complaintRate: r.sent > 0 ? r.complaints / r.sent : 0,
    }));
  }
}
