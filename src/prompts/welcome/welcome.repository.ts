import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A member of an active pairing not welcomed yet, with their prompt schedule's first step. */
export interface WelcomeDue {
  pairingId: string;
  participantId: string;
  email: string;
  /** Null when the member's prompt schedule belongs to another pairing or has nothing due. */
  firstPromptAt: Date | null;
  week: number;
  item: number;
}

@Injectable()
export class WelcomeRepository {
  /**
   * Members of active pairings and circles (a member who left excepted) without a welcome whose prompt schedule is seeded (the tick seeds
   * it first), so the welcome can say when their first prompt comes. Locked and skipped by a
   * concurrent tick, which then finds them welcomed.
   */
  async findDue(tx: EntityManager, limit: number): Promise<WelcomeDue[]> {
    const rows: Record<string, unknown>[] = await tx.query(
      `SELECT pm.pairing_id, pm.participant_id, p.email, s.week, s.item,
              CASE WHEN s.pairing_id = pm.pairing_id THEN s.next_run_at END AS first_prompt_at
         FROM pairing_members pm
         JOIN pairings pa ON pa.id = pm.pairing_id AND pa.status = 'active'
          -- A topic room has no curriculum: its members' prompts and welcomes come from elsewhere.
          AND pa.kind <> 'room'
         JOIN participants p ON p.id = pm.participant_id
         JOIN schedules s ON s.participant_id = pm.participant_id AND s.pairing_id = pm.pairing_id AND s.stream = 'prompt'
        WHERE pm.left_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM welcomes w
                           WHERE w.pairing_id = pm.pairing_id AND w.participant_id = pm.participant_id)
        ORDER BY pa.created_at, pm.pairing_id
        LIMIT $1
          FOR UPDATE OF pm SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => ({
      pairingId: r.pairing_id as string,
      participantId: r.participant_id as string,
      email: r.email as string,
      firstPromptAt: (r.first_prompt_at as Date | null) ?? null,
      week: Number(r.week),
      item: Number(r.item),
    }));
  }

  /** True when this call recorded the welcome (false: another tick did). */
  async markWelcomed(tx: EntityManager, due: WelcomeDue): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO welcomes (pairing_id, participant_id, first_prompt_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING pairing_id`,
      [due.pairingId, due.participantId, due.firstPromptAt],
    );
    return rows.length > 0;
  }
}
