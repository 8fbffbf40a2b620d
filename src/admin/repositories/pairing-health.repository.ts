import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { reportQuery } from '../../database/report-query';

export type PairingHealth = 'active' | 'quiet' | 'attention' | 'paused' | 'ended';
export const HEALTH_ORDER: PairingHealth[] = ['active', 'quiet', 'attention', 'paused', 'ended'];

/** Why a pairing needs a human; the names are shown (humanised) on the pages and in the API. */
export type AttentionReason =
  | 'no_two_way_exchange'
  | 'one_sided'
  | 'prompts_unanswered'
  | 'quiet_21_days'
  | 'delivery_failed'
  | 'bounce_or_complaint'
  | 'held_mail'
  | 'mail_loop';

export interface PairingHealthRow {
  id: string;
  programmeId: string;
  programmeName: string;
  status: string;
  relayAddress: string;
  createdAt: Date;
  members: string;
  mentorLast: Date | null;
  menteeLast: Date | null;
  messages: number;
  reasons: AttentionReason[];
  health: PairingHealth;
}

/**
 * Every pair's health in one set-based query: per-side last message from the messages index,
 * held mail, failed deliveries and bounces or complaints per pairing, then the attention rules as CASE expressions.
 * `$1` optionally narrows to one programme, `$2` to one health.
 *
 * Pairs only (kind 'pair'): these rules speak of a mentor and a mentee ("no two-way exchange",
 * "one side silent"), which a circle or a room does not have; a circle of a lead and members
 * talking among themselves would read as one-sided. Circles have their own attention rules
 * (circle-attention.repository.ts), rooms their own pages, so the dashboard's pairing counts
 * count pairs and nothing else.
 */
const HEALTH_SQL = `
WITH scope AS (
  SELECT p.* FROM pairings p WHERE p.kind = 'pair' AND ($1::uuid IS NULL OR p.programme_id = $1)
), sides AS (
  -- Per member, from the (pairing_id, author_id, created_at) index: an author is always a
  -- participant, so these are relayed messages (prompts have no author).
  SELECT pm.pairing_id,
         max(l.last_at) FILTER (WHERE pm.role = 'mentor') AS mentor_last,
         max(l.last_at) FILTER (WHERE pm.role = 'mentee') AS mentee_last,
         sum(l.n)::int AS messages
  FROM pairing_members pm
  CROSS JOIN LATERAL (
    SELECT max(m.created_at) AS last_at, count(*) AS n FROM messages m
    WHERE m.pairing_id = pm.pairing_id AND m.author_id = pm.participant_id
  ) l
  WHERE pm.pairing_id IN (SELECT id FROM scope)
  GROUP BY pm.pairing_id
), held AS (
  SELECT pairing_id, count(*)::int AS n, count(*) FILTER (WHERE reason = 'pairing_loop')::int AS loops
  FROM inbound_emails
  WHERE status = 'held' AND pairing_id IN (SELECT id FROM scope) GROUP BY pairing_id
), failed AS (
  SELECT pairing_id, count(*)::int AS n FROM deliveries
  -- Not a member's own opt-out: mail skipped because they asked is not a failed delivery.
  WHERE status IN ('failed', 'suppressed') AND reason IS DISTINCT FROM 'prompts stopped'
    AND created_at > now() - interval '30 days'
    AND pairing_id IN (SELECT id FROM scope) GROUP BY pairing_id
), feedback AS (
  -- A member's address is suppressed now, or bounced or complained in 30 days since staff last
  -- lifted it (lifting clears the flag, as it resets the bounce score). Uses the
  -- (recipient, occurred_at) index of delivery_events.
  SELECT pm.pairing_id, count(*)::int AS n
  FROM pairing_members pm
  JOIN participants pa ON pa.id = pm.participant_id
  LEFT JOIN suppressions su ON su.address = pa.email
  WHERE pm.pairing_id IN (SELECT id FROM scope)
    AND ((su.id IS NOT NULL AND su.lifted_at IS NULL) OR EXISTS (
      SELECT 1 FROM delivery_events e
      WHERE e.recipient = pa.email AND e.type IN ('bounce', 'complaint')
        AND e.occurred_at > now() - interval '30 days'
        AND e.created_at > coalesce(su.lifted_at, '-infinity')))
  GROUP BY pm.pairing_id
), judged AS (
  SELECT p.id, p.programme_id, p.status, p.relay_address, p.created_at,
         s.mentor_last, s.mentee_last, coalesce(s.messages, 0) AS messages,
         CASE WHEN p.status <> 'active' THEN '{}'::text[] ELSE array_remove(ARRAY[
           -- Counted from the first welcome or prompt actually sent, never before one was.
           CASE WHEN fs.at < now() - interval '5 days'
                 AND (s.mentor_last IS NULL OR s.mentee_last IS NULL) THEN 'no_two_way_exchange' END,
           CASE WHEN s.mentor_last IS NOT NULL AND s.mentee_last IS NOT NULL
                 AND greatest(s.mentor_last, s.mentee_last) > now() - interval '14 days'
                 AND least(s.mentor_last, s.mentee_last) < now() - interval '14 days' THEN 'one_sided' END,
           CASE WHEN coalesce(u.n, 0) >= 2 THEN 'prompts_unanswered' END,
           CASE WHEN coalesce(greatest(s.mentor_last, s.mentee_last), p.created_at) < now() - interval '21 days'
                THEN 'quiet_21_days' END,
           CASE WHEN f.n > 0 THEN 'delivery_failed' END,
           CASE WHEN fb.n > 0 THEN 'bounce_or_complaint' END,
           CASE WHEN h.n > 0 THEN 'held_mail' END,
           CASE WHEN h.loops > 0 THEN 'mail_loop' END
         ], NULL) END AS reasons
  FROM scope p
  LEFT JOIN sides s ON s.pairing_id = p.id
  -- Prompts since anyone last wrote, via the same index (author_id IS NULL).
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS n FROM messages m
    WHERE m.pairing_id = p.id AND m.author_id IS NULL AND m.kind = 'prompt'
      AND m.created_at > coalesce(greatest(s.mentor_last, s.mentee_last), '-infinity')
  ) u ON true
  LEFT JOIN LATERAL (
    SELECT min(d.sent_at) AS at FROM deliveries d
    WHERE d.pairing_id = p.id AND d.kind IN ('welcome', 'prompt') AND d.sent_at IS NOT NULL
  ) fs ON true
  LEFT JOIN held h ON h.pairing_id = p.id
  LEFT JOIN failed f ON f.pairing_id = p.id
  LEFT JOIN feedback fb ON fb.pairing_id = p.id
), classified AS (
  SELECT j.*, CASE
      WHEN j.status = 'ended' THEN 'ended'
      WHEN j.status = 'paused' THEN 'paused'
      WHEN cardinality(j.reasons) > 0 THEN 'attention'
      WHEN coalesce(greatest(j.mentor_last, j.mentee_last), j.created_at) < now() - interval '7 days' THEN 'quiet'
      ELSE 'active' END AS health
  FROM judged j
)`;

@Injectable()
export class PairingHealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Pairing counts per programme and health, for the dashboard. */
  async countsByProgramme(): Promise<
    { programmeId: string; name: string; health: PairingHealth; n: number }[]
  > {
    const rows: { programme_id: string; name: string; health: PairingHealth; n: number }[] =
      await reportQuery(this.dataSource, 
        `${HEALTH_SQL}
         SELECT pr.id AS programme_id, pr.name, c.health, count(c.id)::int AS n
         FROM programmes pr LEFT JOIN classified c ON c.programme_id = pr.id
         GROUP BY pr.id, pr.name, c.health ORDER BY pr.name`,
        [null],
      );
    return rows.map((r) => ({ programmeId: r.programme_id, name: r.name, health: r.health, n: r.n }));
  }

  /** Pairings with health and reasons, newest activity last; optionally one programme or health. */
  async list(filter: {
    programmeId?: string;
    health?: PairingHealth;
    limit?: number;
  }): Promise<PairingHealthRow[]> {
    const rows: Record<string, unknown>[] = await reportQuery(this.dataSource, 
      `${HEALTH_SQL}
       SELECT c.*, pr.name AS programme_name,
              (SELECT string_agg(pa.name || ' (' || pm.role || ')', ', ' ORDER BY pm.role, pa.name)
                 FROM pairing_members pm JOIN participants pa ON pa.id = pm.participant_id
                WHERE pm.pairing_id = c.id) AS members
       FROM classified c JOIN programmes pr ON pr.id = c.programme_id
       WHERE ($2::text IS NULL OR c.health = $2)
       ORDER BY c.created_at DESC LIMIT $3`,
      [filter.programmeId ?? null, filter.health ?? null, filter.limit ?? 5000],
    );
    return rows.map((r) => ({
      id: r.id as string,
      programmeId: r.programme_id as string,
      programmeName: r.programme_name as string,
      status: r.status as string,
      relayAddress: r.relay_address as string,
      createdAt: r.created_at as Date,
      members: (r.members as string | null) ?? '',
      mentorLast: r.mentor_last as Date | null,
      menteeLast: r.mentee_last as Date | null,
      messages: r.messages as number,
      reasons: r.reasons as AttentionReason[],
      health: r.health as PairingHealth,
    }));
  }
}
