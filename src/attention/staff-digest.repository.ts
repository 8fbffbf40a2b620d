import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ReplyTrend {
  programmeId: string;
  programmeName: string;
  /** Median seconds from a message to the other side's next reply, this week and the week before. */
  thisWeek: number | null;
  lastWeek: number | null;
}

export interface DigestRecipient {
  id: string;
  email: string;
  /** The programmes they coordinate; empty when they coordinate none (their digest covers all). */
  programmeIds: string[];
}

/** Reads for the weekly staff digest; the digests themselves are deliveries like any other email. */
@Injectable()
export class StaffDigestRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Staff who keep the weekly digest on, without this week's digest yet, with the programmes they
   * coordinate (none: every programme).
   */
  async recipients(dedupePrefix: string): Promise<DigestRecipient[]> {
    return this.dataSource.query(
      `SELECT s.id, s.email,
              ARRAY(SELECT c.programme_id::text FROM programme_coordinators c WHERE c.staff_id = s.id) AS "programmeIds"
       FROM staff_users s
       WHERE s.weekly_digest
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.dedupe_key = $1 || s.id::text)
       ORDER BY s.email`,
      [dedupePrefix],
    );
  }

  /**
   * Per programme that screens mentors (coalesce: screeningOn in programme.entity.ts), how many of
   * its mentors still wait for their background check or training to be recorded, and how many
   * recorded ones lapse within 30 days of `now` (programmes.screening_valid_months).
   */
  async mentorScreening(now: Date): Promise<Map<string, { awaiting: number; lapsing: number }>> {
    const rows: { programme_id: string; awaiting: number; lapsing: number }[] = await this.dataSource.query(
      `SELECT pt.programme_id,
              count(*) FILTER (WHERE pt.background_checked_at IS NULL OR pt.trained_at IS NULL)::int AS awaiting,
              count(*) FILTER (WHERE least(pt.background_checked_at, pt.trained_at)
                    < $1::timestamptz + interval '30 days' - make_interval(months => pr.screening_valid_months::int))::int
                AS lapsing
         FROM participants pt JOIN programmes pr ON pr.id = pt.programme_id
        WHERE coalesce(pr.screening_required, pr.consent_age IS NOT NULL)
          AND pt.role = 'mentor' AND pt.removed_at IS NULL
        GROUP BY pt.programme_id`,
      [now],
    );
    return new Map(rows.map((r) => [r.programme_id, { awaiting: r.awaiting, lapsing: r.lapsing }]));
  }

  /**
   * Per programme, the median time a reply in a pair took (a relayed message answering the other side's
   * latest one), for replies in the 7 days before `now` and in the 7 days before that.
   */
  async replyTrends(now: Date): Promise<ReplyTrend[]> {
    const rows: { id: string; name: string; this_week: number | null; last_week: number | null }[] =
      await this.dataSource.query(
        `WITH replies AS (
           SELECT p.programme_id, m.created_at,
                  extract(epoch FROM m.created_at - (
                    SELECT max(o.created_at) FROM messages o
                    JOIN pairing_members om ON om.pairing_id = o.pairing_id AND om.participant_id = o.author_id
                    WHERE o.pairing_id = m.pairing_id AND om.role <> pm.role AND o.created_at < m.created_at
                  )) AS seconds
           FROM messages m
           -- Pairs: a reply to "the other side" means nothing among a circle's members.
           JOIN pairings p ON p.id = m.pairing_id AND p.kind = 'pair'
           JOIN pairing_members pm ON pm.pairing_id = m.pairing_id AND pm.participant_id = m.author_id
           WHERE m.created_at > $1::timestamptz - interval '14 days' AND m.created_at <= $1
         )
         SELECT pr.id, pr.name,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY r.seconds)
                  FILTER (WHERE r.created_at > $1::timestamptz - interval '7 days') AS this_week,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY r.seconds)
                  FILTER (WHERE r.created_at <= $1::timestamptz - interval '7 days') AS last_week
         FROM programmes pr LEFT JOIN replies r ON r.programme_id = pr.id AND r.seconds IS NOT NULL
         GROUP BY pr.id, pr.name ORDER BY pr.name`,
        [now],
      );
    return rows.map((r) => ({
      programmeId: r.id,
      programmeName: r.name,
      thisWeek: r.this_week === null ? null : Number(r.this_week),
      lastWeek: r.last_week === null ? null : Number(r.last_week),
    }));
  }
}
