import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface CircleSummary {
  id: string;
  programmeId: string;
  name: string;
  status: string;
  relayAddress: string;
  members: number;
  messages: number;
  lastMessageAt: Date | null;
}

export interface CircleMemberRow {
  participantId: string;
  name: string;
  role: 'mentor' | 'mentee';
  leftAt: Date | null;
  mutedAt: Date | null;
  messages: number;
  lastMessageAt: Date | null;
  held: number;
}

/** Days since a member last wrote; null when they never did (shown as "never wrote"). */
export function withSilence(
  m: CircleMemberRow,
  now = Date.now(),
): CircleMemberRow & { silentDays: number | null } {
  return {
    ...m,
    silentDays: m.lastMessageAt ? Math.floor((now - m.lastMessageAt.getTime()) / 86_400_000) : null,
  };
}

/** What the admin shows of circles (and of rooms' members, which are a circle's): read-only SQL, one statement per view. */
@Injectable()
export class CircleReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(programmeId: string | null): Promise<CircleSummary[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT p.id, p.programme_id, p.name, p.status, p.relay_address,
              (SELECT count(*)::int FROM pairing_members pm WHERE pm.pairing_id = p.id AND pm.left_at IS NULL) AS members,
              (SELECT count(*)::int FROM messages m WHERE m.pairing_id = p.id) AS messages,
              (SELECT max(m.created_at) FROM messages m WHERE m.pairing_id = p.id) AS last_message_at
         FROM pairings p
        WHERE p.kind = 'circle' AND ($1::uuid IS NULL OR p.programme_id = $1)
        ORDER BY p.created_at`,
      [programmeId],
    );
    return rows.map((r) => ({
      id: r.id as string,
      programmeId: r.programme_id as string,
      name: r.name as string,
      status: r.status as string,
      relayAddress: r.relay_address as string,
      members: Number(r.members),
      messages: Number(r.messages),
      lastMessageAt: (r.last_message_at as Date | null) ?? null,
    }));
  }

  /** Every member, past ones too, with what they wrote and what of theirs is held. */
  async members(circleId: string): Promise<CircleMemberRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT pm.participant_id, pt.name, pm.role, pm.left_at, pm.muted_at,
              count(m.id)::int AS messages, max(m.created_at) AS last_message_at,
              (SELECT count(*)::int FROM inbound_emails e
                WHERE e.pairing_id = pm.pairing_id AND e.status = 'held'
                  AND e.sender = ANY (pt.email_aliases || pt.email)) AS held
         FROM pairing_members pm
         JOIN participants pt ON pt.id = pm.participant_id
         LEFT JOIN messages m ON m.pairing_id = pm.pairing_id AND m.author_id = pm.participant_id
        WHERE pm.pairing_id = $1
        GROUP BY pm.pairing_id, pm.participant_id, pt.id
        ORDER BY pm.left_at NULLS FIRST, pm.role, pt.created_at`,
      [circleId],
    );
    return rows.map((r) => ({
      participantId: r.participant_id as string,
      name: r.name as string,
      role: r.role as 'mentor' | 'mentee',
      leftAt: (r.left_at as Date | null) ?? null,
      mutedAt: (r.muted_at as Date | null) ?? null,
      messages: Number(r.messages),
      lastMessageAt: (r.last_message_at as Date | null) ?? null,
      held: Number(r.held),
    }));
  }
}
