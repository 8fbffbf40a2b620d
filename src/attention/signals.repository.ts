import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PairingKind } from '../programs/entities/pairing.entity';
import type { AttentionSignal, SignalRow } from './signals';
import { reportQuery } from '../database/report-query';

/**
 * Every live signal of active pairs and circles (and a paused pair's withdrawn consent), in one
 * statement, at a given `now` ($1, the app's clock, so tests move time by hand). Thresholds are
 * the programme's own columns. Relayed messages are those with an author; prompts and notices
 * have none.
 *
 * The conversation signals (no first exchange, reply owed, one-sided, long silence, unanswered
 * reminders) read a mentor side and a mentee side, so they are for pairs only: in a circle a
 * member writing and the others reading is not a debt of one person, and circles have their own
 * rules (silent circle, never wrote: circle-attention.repository.ts). What is true of any relay
 * address (a low pulse score, a member's address bouncing, held mail) is a signal for circles too.
 *
 * A guardian's withdrawn consent is a signal of a paused pairing too: withdrawing pauses the
 * pair, and staff must still decide what follows. It stays on a circle the member left by
 * withdrawing (left at or after it), so the circle's staff learn why they went. So does a
 * mentor's missing screening, which clearing their record pauses or removes them for.
 */
const SIGNALS_SQL = `
-- Inlined: materialised, scope hides its size from the planner, which then joined the per-pairing
-- CTEs to it in nested loops, quadratic in pairings (half the query's time at 1,000 pairings).
WITH scope AS NOT MATERIALIZED (
  SELECT p.id, p.kind, pr.first_exchange_days, pr.owed_reply_days, pr.one_sided_messages, pr.low_score, pr.silence_days
  FROM pairings p JOIN programmes pr ON pr.id = p.programme_id
  WHERE p.status = 'active' AND p.kind <> 'room'
    AND ($2::uuid IS NULL OR p.programme_id = $2) AND ($3::uuid IS NULL OR p.id = $3)
), role_last AS (
  -- Each side's latest message, from the messages (pairing_id, author_id, created_at) index, one
  -- probe per member: no pass over every message of every pairing.
  SELECT pm.pairing_id, pm.role, max(x.last_at) AS last_at
  FROM pairing_members pm
  CROSS JOIN LATERAL (
    SELECT max(m.created_at) AS last_at FROM messages m
    WHERE m.pairing_id = pm.pairing_id AND m.author_id = pm.participant_id AND m.created_at <= $1
  ) x
  WHERE pm.pairing_id IN (SELECT id FROM scope) AND x.last_at IS NOT NULL
  GROUP BY pm.pairing_id, pm.role
), last_msg AS (
  SELECT DISTINCT ON (pairing_id) pairing_id, role, last_at AS created_at FROM role_last
  ORDER BY pairing_id, last_at DESC
), sides AS (
  SELECT pairing_id, count(*)::int AS roles FROM role_last GROUP BY pairing_id
), run AS (
  -- The last writer's side's messages since the other side last wrote: unanswered, in a row.
  -- Read per member of that side through the same index, from the other side's last message on.
  SELECT l.pairing_id, count(*)::int AS n, array_agg(m.created_at ORDER BY m.created_at) AS times
  FROM last_msg l
  LEFT JOIN role_last o ON o.pairing_id = l.pairing_id AND o.role <> l.role
  JOIN pairing_members pm ON pm.pairing_id = l.pairing_id AND pm.role = l.role
  JOIN messages m ON m.pairing_id = l.pairing_id AND m.author_id = pm.participant_id
    AND m.created_at > coalesce(o.last_at, '-infinity') AND m.created_at <= $1
  GROUP BY l.pairing_id
), debtor AS (
  -- Who owes the reply: the other side, named only when it is one person (a pair, not a circle).
  SELECT l.pairing_id, CASE WHEN count(*) = 1 THEN (array_agg(pm.participant_id))[1] END AS participant_id
  FROM last_msg l
  JOIN pairing_members pm ON pm.pairing_id = l.pairing_id AND pm.role <> l.role AND pm.left_at IS NULL
  GROUP BY l.pairing_id
), first_sent AS (
  -- The clock of "no first exchange" starts when a welcome or prompt actually went out, never before.
  SELECT d.pairing_id, min(d.sent_at) AS at FROM deliveries d
  WHERE d.kind IN ('welcome', 'prompt') AND d.sent_at IS NOT NULL AND d.sent_at <= $1
    AND d.pairing_id IN (SELECT id FROM scope)
  GROUP BY d.pairing_id
), votes AS (
  -- Each member's latest pulse or close-survey score: a later good score clears a low one.
  SELECT DISTINCT ON (pp.pairing_id, v.participant_id)
         pp.pairing_id, v.participant_id, v.option_index + 1 AS score, v.comment, v.voted_at
  FROM pairing_prompts pp JOIN poll_votes v ON v.pairing_prompt_id = pp.id
  WHERE pp.pairing_id IN (SELECT id FROM scope) AND pp.prompt_key IN ('pulse-score', 'close-survey')
    AND v.voted_at <= $1
  ORDER BY pp.pairing_id, v.participant_id, v.voted_at DESC
), undeliverable AS (
  -- A member's address is suppressed (a hard bounce, a complaint), or it bounced or complained in
  -- 30 days since staff last lifted it. A member's own opt-out (#stop, unsubscribe) is not here:
  -- mail to them is skipped on purpose, nothing failed.
  SELECT pm.pairing_id, pa.id AS participant_id,
         coalesce(CASE WHEN su.lifted_at IS NULL THEN su.created_at END, b.at) AS since,
         CASE WHEN su.id IS NOT NULL AND su.lifted_at IS NULL THEN 'address suppressed: ' || su.reason
              WHEN b.complained THEN 'a complaint: an email was marked as spam'
              ELSE 'bounced' END AS detail
  FROM pairing_members pm
  JOIN participants pa ON pa.id = pm.participant_id
  LEFT JOIN suppressions su ON su.address = pa.email
  LEFT JOIN LATERAL (
    SELECT min(e.occurred_at) AS at, bool_or(e.type = 'complaint') AS complained FROM delivery_events e
    WHERE e.recipient = pa.email AND e.type IN ('bounce', 'complaint') AND e.occurred_at <= $1
      AND e.occurred_at > $1 - interval '30 days' AND e.created_at > coalesce(su.lifted_at, '-infinity')
  ) b ON true
  WHERE pm.pairing_id IN (SELECT id FROM scope) AND pm.left_at IS NULL
    AND ((su.id IS NOT NULL AND su.lifted_at IS NULL) OR b.at IS NOT NULL)
), held AS (
  SELECT pairing_id, min(received_at) AS since, count(*)::int AS n,
         bool_or(reason = 'pairing_loop') AS loop FROM inbound_emails
  WHERE status = 'held' AND pairing_id IN (SELECT id FROM scope) GROUP BY pairing_id
), withdrawn AS (
  SELECT p.id AS pairing_id, pf.participant_id, pf.guardian_consent_withdrawn_at AS since
  FROM participant_profiles pf
  JOIN pairing_members pm ON pm.participant_id = pf.participant_id
    AND (pm.left_at IS NULL OR pm.left_at >= pf.guardian_consent_withdrawn_at)
  JOIN pairings p ON p.id = pm.pairing_id AND p.status <> 'ended' AND p.kind <> 'room'
  WHERE pf.guardian_consent_withdrawn_at IS NOT NULL AND pf.guardian_consented_at IS NULL
    AND pf.guardian_consent_withdrawn_at <= $1
    AND ($2::uuid IS NULL OR p.programme_id = $2) AND ($3::uuid IS NULL OR p.id = $3)
), unscreened AS (
  -- A programme that screens mentors (coalesce: screeningOn in programme.entity.ts) has a live pair
  -- or circle whose mentor's background check or training is not recorded: one made before the
  -- programme asked, or whose record staff cleared (a lead who left a circle by it keeps the
  -- signal there, as a withdrawn consent does).
  SELECT p.id AS pairing_id, pt.id AS participant_id,
         greatest(p.created_at, coalesce(pt.screening_cleared_at, p.created_at)) AS since,
         CASE WHEN pt.background_checked_at IS NULL AND pt.trained_at IS NULL
                THEN 'background check and training not recorded'
              WHEN pt.background_checked_at IS NULL THEN 'background check not recorded'
              ELSE 'training not recorded' END AS detail
  FROM programmes g
  JOIN pairings p ON p.programme_id = g.id AND p.status <> 'ended' AND p.kind <> 'room'
  JOIN pairing_members pm ON pm.pairing_id = p.id AND pm.role = 'mentor'
  JOIN participants pt ON pt.id = pm.participant_id
  WHERE coalesce(g.screening_required, g.consent_age IS NOT NULL)
    AND (pt.background_checked_at IS NULL OR pt.trained_at IS NULL) AND pt.removed_at IS NULL
    AND (pm.left_at IS NULL OR pm.left_at >= pt.screening_cleared_at)
    AND greatest(p.created_at, coalesce(pt.screening_cleared_at, p.created_at)) <= $1
    AND ($2::uuid IS NULL OR p.programme_id = $2) AND ($3::uuid IS NULL OR p.id = $3)
), signals AS (
  SELECT s.id AS pairing_id, 'no_first_exchange' AS signal,
         f.at + s.first_exchange_days * interval '1 day' AS since, NULL::uuid AS participant_id, NULL AS detail
  FROM scope s JOIN first_sent f ON f.pairing_id = s.id LEFT JOIN sides sd ON sd.pairing_id = s.id
  WHERE s.kind = 'pair' AND coalesce(sd.roles, 0) < 2 AND f.at + s.first_exchange_days * interval '1 day' <= $1
  UNION ALL
  SELECT s.id, 'reply_owed', l.created_at, d.participant_id, NULL
  FROM scope s JOIN last_msg l ON l.pairing_id = s.id JOIN sides sd ON sd.pairing_id = s.id
  LEFT JOIN debtor d ON d.pairing_id = s.id
  -- Only once both sides have written: before that it is "no first exchange".
  WHERE s.kind = 'pair' AND sd.roles = 2 AND l.created_at + s.owed_reply_days * interval '1 day' < $1
  UNION ALL
  SELECT s.id, 'one_sided', r.times[s.one_sided_messages], d.participant_id, r.n || ' messages in a row'
  FROM scope s JOIN run r ON r.pairing_id = s.id LEFT JOIN debtor d ON d.pairing_id = s.id
  WHERE s.kind = 'pair' AND r.n >= s.one_sided_messages
  UNION ALL
  SELECT s.id, 'low_score', v.voted_at, v.participant_id,
         'score ' || v.score || coalesce(': ' || nullif(btrim(v.comment), ''), '')
  FROM scope s JOIN votes v ON v.pairing_id = s.id WHERE v.score <= s.low_score
  UNION ALL
  SELECT s.id, 'delivery_problem', u.since, u.participant_id, u.detail
  FROM scope s JOIN undeliverable u ON u.pairing_id = s.id
  UNION ALL
  SELECT s.id, 'moderation_hold', h.since, NULL,
         h.n || ' held' || CASE WHEN h.loop THEN ' (a mail loop: two addresses answering each other too fast)' ELSE '' END
  FROM scope s JOIN held h ON h.pairing_id = s.id
  UNION ALL
  SELECT w.pairing_id, 'consent_withdrawn', w.since, w.participant_id, NULL FROM withdrawn w
  UNION ALL
  SELECT u.pairing_id, 'screening_missing', u.since, u.participant_id, u.detail FROM unscreened u
  UNION ALL
  SELECT s.id, 'long_silence', l.created_at + s.silence_days * interval '1 day', NULL, NULL
  FROM scope s JOIN last_msg l ON l.pairing_id = s.id
  WHERE s.kind = 'pair' AND l.created_at + s.silence_days * interval '1 day' <= $1
  UNION ALL
  -- The last reminder about the current debt went unanswered: staff instead of another reminder.
  SELECT s.id, 'nudges_unanswered', n.alerted_at, n.participant_id, n.sent || ' reminder(s) sent'
  FROM scope s JOIN last_msg l ON l.pairing_id = s.id
  JOIN nudges n ON n.pairing_id = s.id AND n.owed_since = l.created_at AND n.alerted_at IS NOT NULL
  WHERE s.kind = 'pair'
)`;

export interface QueueRow extends SignalRow {
  /** 'pair' or 'circle': a circle's signals are items to act on but not part of the pairs' scores. */
  kind: PairingKind;
  /** Staff resolved it after it began: out of the queue until it begins again. */
  resolved: boolean;
  /** The end of its latest snooze, past or future (the digest lists snoozes that fell due). */
  snoozedUntil: Date | null;
}

@Injectable()
export class SignalsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Signals at `now`, with their resolve and snooze state from the pairings' action history. */
  async signals(now: Date, scope: { programmeId?: string; pairingId?: string } = {}): Promise<QueueRow[]> {
    const rows: {
      pairing_id: string;
      kind: PairingKind;
      signal: AttentionSignal;
      since: Date;
      participant_id: string | null;
      detail: string | null;
      resolved: boolean;
      snoozed_until: Date | null;
    }[] = await reportQuery(this.dataSource, 
      `${SIGNALS_SQL}
       SELECT g.*, (SELECT p.kind FROM pairings p WHERE p.id = g.pairing_id) AS kind,
              EXISTS (SELECT 1 FROM pairing_actions a WHERE a.pairing_id = g.pairing_id AND a.signal = g.signal
                        AND a.action = 'resolve' AND a.created_at >= g.since) AS resolved,
              (SELECT max(a.snoozed_until) FROM pairing_actions a WHERE a.pairing_id = g.pairing_id
                  AND a.signal = g.signal AND a.action = 'snooze') AS snoozed_until
       FROM signals g ORDER BY g.since`,
      [now, scope.programmeId ?? null, scope.pairingId ?? null],
    );
    return rows.map((r) => ({
      pairingId: r.pairing_id,
      kind: r.kind,
      signal: r.signal,
      since: r.since,
      participantId: r.participant_id,
      detail: r.detail,
      resolved: r.resolved,
      snoozedUntil: r.snoozed_until,
    }));
  }
}
