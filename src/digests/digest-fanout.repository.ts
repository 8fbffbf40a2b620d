import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AUTOMATIC_PREFIX } from '../conversations/automatic-ids';

export interface DueDigest {
  id: string;
  participantId: string;
  pairingId: string;
  nextRunAt: Date;
  timeZone: string;
  stopped: boolean;
}

export interface NewDigest {
  participantId: string;
  pairingId: string;
  dedupeKey: string;
  isoWeek: string;
}

/**
 * Set-based SQL for the weekly fan-out: one statement claims thousands of rows, one writes
 * their deliveries, one moves their schedules on. Per-row round trips would not fit 100,000
 * digests into seconds.
 */
@Injectable()
export class DigestFanoutRepository {
  async claimDue(tx: EntityManager, now: Date, limit: number): Promise<DueDigest[]> {
    const rows: Record<string, unknown>[] = await tx.query(
      `SELECT s.id, s.participant_id, s.pairing_id, s.next_run_at, p.time_zone,
              p.prompts_stopped_at IS NOT NULL AS stopped
         FROM schedules s
         JOIN participants p ON p.id = s.participant_id
        WHERE s.stream = 'digest' AND s.next_run_at <= $1
        ORDER BY s.next_run_at
        LIMIT $2
        FOR UPDATE OF s SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((r) => ({
      id: r.id as string,
      participantId: r.participant_id as string,
      pairingId: r.pairing_id as string,
      nextRunAt: r.next_run_at as Date,
      timeZone: r.time_zone as string,
      stopped: r.stopped as boolean,
    }));
  }

  /** Writes digest deliveries (ids only; the content is built at send time). Returns the new ids. */
  async insertDeliveries(tx: EntityManager, rows: NewDigest[], relayDomain: string): Promise<string[]> {
    if (rows.length === 0) return [];
    const result: { id: string }[] = await tx.query(
      `INSERT INTO deliveries (dedupe_key, kind, pairing_id, recipient_id, to_address, message_id, payload)
       SELECT v.dedupe_key, 'digest', v.pairing_id, v.participant_id, p.email,
              $6 || replace(gen_random_uuid()::text, '-', '') || '@' || $5,
              jsonb_build_object('type', 'digest', 'isoWeek', v.iso_week)
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[])
              AS v(participant_id, pairing_id, dedupe_key, iso_week)
         JOIN participants p ON p.id = v.participant_id
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [
        rows.map((r) => r.participantId),
        rows.map((r) => r.pairingId),
        rows.map((r) => r.dedupeKey),
        rows.map((r) => r.isoWeek),
        relayDomain,
        // A reply to a digest is a new message, not a thread named after the digest.
        AUTOMATIC_PREFIX,
      ],
    );
    return result.map((r) => r.id);
  }

  async setNextRuns(tx: EntityManager, ids: string[], times: (Date | null)[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.query(
      `UPDATE schedules s SET next_run_at = v.t, updated_at = now()
         FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, t)
        WHERE s.id = v.id`,
      [ids, times],
    );
  }
}
