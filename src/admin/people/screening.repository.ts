import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ScreeningCheck, WithdrawnMentor } from './screening';

// One whole statement per check, so no column name is ever built from input. Each changes the
// row only when the check does not already stand as asked: a replayed form changes nothing.
const RECORD: Record<ScreeningCheck, string> = {
  background: `UPDATE participants SET background_checked_at = $2
                WHERE id = $1 AND removed_at IS NULL AND background_checked_at IS NULL RETURNING id`,
  training: `UPDATE participants SET trained_at = $2
              WHERE id = $1 AND removed_at IS NULL AND trained_at IS NULL RETURNING id`,
};
const CLEAR: Record<ScreeningCheck, string> = {
  background: `UPDATE participants SET background_checked_at = NULL, screening_cleared_at = $2
                WHERE id = $1 AND removed_at IS NULL AND background_checked_at IS NOT NULL RETURNING id`,
  training: `UPDATE participants SET trained_at = NULL, screening_cleared_at = $2
              WHERE id = $1 AND removed_at IS NULL AND trained_at IS NOT NULL RETURNING id`,
};

/**
 * A mentor's screening as staff record and clear it, and what clearing takes them out of. The
 * mentor-scoped twin of MemberWithdrawalRepository (a guardian's withdrawal): the same SQL, but
 * only where the person mentors or leads. Their pairs as a mentee, and circles they are a member
 * of, are untouched: an unscreened person may still be mentored.
 */
@Injectable()
export class ScreeningRepository {
  /** True when the check was not recorded and now is, at `at`. */
  async record(participantId: string, check: ScreeningCheck, at: Date, tx: EntityManager): Promise<boolean> {
    const [rows]: [unknown[], number] = await tx.query(RECORD[check], [participantId, at]);
    return rows.length > 0;
  }

  /** True when the check was recorded and now is not; `screening_cleared_at` is then `at`. */
  async clear(participantId: string, check: ScreeningCheck, at: Date, tx: EntityManager): Promise<boolean> {
    const [rows]: [unknown[], number] = await tx.query(CLEAR[check], [participantId, at]);
    return rows.length > 0;
  }

  /**
   * Pauses their active 1:1 pairs where they are the mentor (as staff pause them: conditional on
   * 'active', so a pair paused or ended meanwhile is left as it is; its mail is then held), and
   * takes them out of the circles they lead and the topic rooms they are in, as `#leave` does,
   * at `at` (the clearing's time, so "left since it was cleared" reads back exactly). Each pause
   * is kept in the pair's history, by `staffId`, with `note` saying why.
   */
  async withdrawMentor(
    participantId: string,
    at: Date,
    by: { staffId: string; note: string },
    tx: EntityManager,
  ): Promise<WithdrawnMentor> {
    const paused: unknown[] = await tx.query(
      `WITH paused AS (
         UPDATE pairings p SET status = 'paused'
           FROM pairing_members pm
          WHERE pm.pairing_id = p.id AND pm.participant_id = $1 AND pm.left_at IS NULL AND pm.role = 'mentor'
            AND p.kind = 'pair' AND p.status = 'active'
          RETURNING p.id)
       INSERT INTO pairing_actions (pairing_id, action, staff_id, participant_id, note, created_at)
       SELECT id, 'pause', $3, $1, $4, $2 FROM paused
       RETURNING pairing_id`,
      [participantId, at, by.staffId, by.note],
    );
    const [left]: [{ kind: 'circle' | 'room' }[], number] = await tx.query(
      `UPDATE pairing_members pm SET left_at = $2
         FROM pairings p
        WHERE p.id = pm.pairing_id AND pm.participant_id = $1 AND pm.left_at IS NULL AND p.status <> 'ended'
          AND (p.kind = 'room' OR (p.kind = 'circle' AND pm.role = 'mentor'))
        RETURNING p.kind`,
      [participantId, at],
    );
    return {
      pausedPairs: paused.length,
      circlesLeft: left.filter((r) => r.kind === 'circle').length,
      roomsLeft: left.filter((r) => r.kind === 'room').length,
    };
  }
}
