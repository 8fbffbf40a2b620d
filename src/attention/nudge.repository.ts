import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** Someone who owes a reply in a pair, with what decides whether and when they are reminded. */
export interface NudgeCandidate {
  pairingId: string;
  relayAddress: string;
  programmeName: string;
  sendHour: number;
  nudgeAfterDays: number;
  nudgeMax: number;
  /** The partner's unanswered message: the debt. */
  owedSince: Date;
  debtorId: string;
  partnerName: string;
  /** Reminders already sent about this debt, and whether staff were alerted instead. */
  sent: number;
  alertedAt: Date | null;
  /** Never reminded: paused (the person or the pair is not active), opted out, or suppressed. */
  blocked: boolean;
}

/**
 * Pairs (not circles: a circle's debt is nobody's alone) whose last relayed message is at least
 * `nudge_after_days` old at `now`, with the one member who owes the reply.
 */
const CANDIDATES_SQL = `
WITH last_msg AS (
  SELECT DISTINCT ON (m.pairing_id) m.pairing_id, m.author_id, m.created_at
  FROM messages m
  JOIN pairings p ON p.id = m.pairing_id AND p.status = 'active' AND p.kind = 'pair'
  WHERE m.author_id IS NOT NULL AND m.created_at <= $1
  ORDER BY m.pairing_id, m.created_at DESC
)
SELECT l.pairing_id, p.relay_address, pr.name AS programme_name, pr.send_hour, pr.nudge_after_days,
       pr.nudge_max, l.created_at AS owed_since, d.id AS debtor_id, a.name AS partner_name,
       coalesce(n.sent, 0) AS sent, n.alerted_at,
       (d.paused_until > $1 OR d.prompts_stopped_at IS NOT NULL
        OR EXISTS (SELECT 1 FROM suppressions su WHERE su.address = d.email AND su.lifted_at IS NULL)) AS blocked
FROM last_msg l
JOIN pairings p ON p.id = l.pairing_id
JOIN programmes pr ON pr.id = p.programme_id
JOIN participants a ON a.id = l.author_id
JOIN pairing_members am ON am.pairing_id = l.pairing_id AND am.participant_id = l.author_id
JOIN pairing_members dm ON dm.pairing_id = l.pairing_id AND dm.role <> am.role AND dm.left_at IS NULL
JOIN participants d ON d.id = dm.participant_id
LEFT JOIN nudges n ON n.pairing_id = l.pairing_id AND n.participant_id = d.id AND n.owed_since = l.created_at
WHERE l.created_at + pr.nudge_after_days * interval '1 day' <= $1 AND n.alerted_at IS NULL`;

@Injectable()
export class NudgeRepository {
  constructor(private readonly dataSource: DataSource) {}

  async candidates(now: Date): Promise<NudgeCandidate[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(CANDIDATES_SQL, [now]);
    return rows.map((r) => ({
      pairingId: r.pairing_id as string,
      relayAddress: r.relay_address as string,
      programmeName: r.programme_name as string,
      sendHour: r.send_hour as number,
      nudgeAfterDays: r.nudge_after_days as number,
      nudgeMax: r.nudge_max as number,
      owedSince: r.owed_since as Date,
      debtorId: r.debtor_id as string,
      partnerName: r.partner_name as string,
      sent: r.sent as number,
      alertedAt: r.alerted_at as Date | null,
      blocked: r.blocked === true,
    }));
  }

  /** Counts one more reminder about this debt; false when another tick counted it first. */
  async countSent(c: NudgeCandidate, now: Date, tx: EntityManager): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO nudges (pairing_id, participant_id, owed_since, sent, last_sent_at) VALUES ($1, $2, $3, 1, $4)
       ON CONFLICT (pairing_id, participant_id, owed_since) DO UPDATE SET sent = nudges.sent + 1, last_sent_at = $4
         WHERE nudges.sent = $5
       RETURNING sent`,
      [c.pairingId, c.debtorId, c.owedSince, now, c.sent],
    );
    return rows.length > 0;
  }

  async markAlerted(c: NudgeCandidate, now: Date, tx: EntityManager): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO nudges (pairing_id, participant_id, owed_since, sent, alerted_at) VALUES ($1, $2, $3, 0, $4)
       ON CONFLICT (pairing_id, participant_id, owed_since) DO UPDATE SET alerted_at = $4
         WHERE nudges.alerted_at IS NULL
       RETURNING alerted_at`,
      [c.pairingId, c.debtorId, c.owedSince, now],
    );
    return rows.length > 0;
  }
}
