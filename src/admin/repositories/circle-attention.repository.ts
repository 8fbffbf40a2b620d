import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * A circle with nobody writing for this long (since its last message, or since it began when
 * nobody ever wrote) needs a human; a circle younger than this is never "silent".
 */
export const CIRCLE_SILENT_DAYS = 14;
/** A member who has not written once this long after the circle began; before that it is normal. */
export const NEVER_WROTE_GRACE_DAYS = 7;

export interface SilentCircleRow {
  id: string;
  name: string;
  programmeId: string;
  programmeName: string;
  /** The last message any member wrote; null when nobody ever did. */
  lastMessageAt: Date | null;
  createdAt: Date;
}

export interface NeverWroteRow {
  circleId: string;
  circleName: string;
  programmeId: string;
  participantId: string;
  name: string;
  role: 'mentor' | 'mentee';
  circleCreatedAt: Date;
}

export interface LeadMuteRow {
  circleId: string;
  circleName: string;
  participantId: string;
  name: string;
  mutedAt: Date;
  /** Their emails held since (staff read them in the inbound log). */
  held: number;
}

/** The needs-attention page's circle rules, set-based, read-only; `$1` narrows to one programme. */
@Injectable()
export class CircleAttentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async silentCircles(programmeId?: string): Promise<SilentCircleRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT p.id, p.name, p.programme_id, pr.name AS programme_name, p.created_at, l.last_at
         FROM pairings p
         JOIN programmes pr ON pr.id = p.programme_id
         -- Authored messages only: prompts (no author) going out are not the circle talking.
         CROSS JOIN LATERAL (
           SELECT max(m.created_at) AS last_at FROM messages m
            WHERE m.pairing_id = p.id AND m.author_id IS NOT NULL
         ) l
        WHERE p.kind = 'circle' AND p.status = 'active'
          AND ($1::uuid IS NULL OR p.programme_id = $1)
          AND coalesce(l.last_at, p.created_at) < now() - make_interval(days => $2)
        ORDER BY coalesce(l.last_at, p.created_at)`,
      [programmeId ?? null, CIRCLE_SILENT_DAYS],
    );
    return rows.map((r) => ({
      id: r.id as string,
      name: r.name as string,
      programmeId: r.programme_id as string,
      programmeName: r.programme_name as string,
      lastMessageAt: (r.last_at as Date | null) ?? null,
      createdAt: r.created_at as Date,
    }));
  }

  /** Current, unmuted members of active circles past the grace days who have not written once. */
  async neverWrote(programmeId?: string): Promise<NeverWroteRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT p.id AS circle_id, p.name AS circle_name, p.programme_id, p.created_at,
              pt.id AS participant_id, pt.name, pm.role
         FROM pairings p
         JOIN pairing_members pm ON pm.pairing_id = p.id
         JOIN participants pt ON pt.id = pm.participant_id
        WHERE p.kind = 'circle' AND p.status = 'active'
          AND ($1::uuid IS NULL OR p.programme_id = $1)
          AND pm.left_at IS NULL AND pm.muted_at IS NULL
          AND p.created_at < now() - make_interval(days => $2)
          AND NOT EXISTS (SELECT 1 FROM messages m
                           WHERE m.pairing_id = p.id AND m.author_id = pm.participant_id)
        ORDER BY p.created_at, p.name, pm.role, pt.name`,
      [programmeId ?? null, NEVER_WROTE_GRACE_DAYS],
    );
    return rows.map((r) => ({
      circleId: r.circle_id as string,
      circleName: r.circle_name as string,
      programmeId: r.programme_id as string,
      participantId: r.participant_id as string,
      name: r.name as string,
      role: r.role as 'mentor' | 'mentee',
      circleCreatedAt: r.created_at as Date,
    }));
  }

  /** Members a lead muted that staff have not kept or lifted yet, oldest first. */
  async mutedByLead(programmeId?: string): Promise<LeadMuteRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT p.id AS circle_id, p.name AS circle_name, pt.id AS participant_id, pt.name, pm.muted_at,
              (SELECT count(*)::int FROM inbound_emails e
                WHERE e.pairing_id = p.id AND e.status = 'held'
                  AND e.sender = ANY (pt.email_aliases || pt.email)) AS held
         FROM pairing_members pm
         JOIN pairings p ON p.id = pm.pairing_id
         JOIN participants pt ON pt.id = pm.participant_id
        WHERE pm.muted_by = 'lead' AND pm.left_at IS NULL AND p.status <> 'ended'
          AND ($1::uuid IS NULL OR p.programme_id = $1)
        ORDER BY pm.muted_at`,
      [programmeId ?? null],
    );
    return rows.map((r) => ({
      circleId: r.circle_id as string,
      circleName: r.circle_name as string,
      participantId: r.participant_id as string,
      name: r.name as string,
      mutedAt: r.muted_at as Date,
      held: Number(r.held),
    }));
  }
}
