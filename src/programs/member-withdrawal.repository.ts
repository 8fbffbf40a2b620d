import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What a mentor's withdrawal did: their pairs as the mentor paused, the circles they led and rooms left. */
export interface WithdrawnMentor {
  pausedPairs: number;
  circlesLeft: number;
  roomsLeft: number;
}

export const NOTHING_WITHDRAWN: WithdrawnMentor = { pausedPairs: 0, circlesLeft: 0, roomsLeft: 0 };

/** Where a withdrawn member stands: their 1:1 pairs that are paused, and the groups they left. */
export interface WithdrawnPlaces {
  /** Their pairs that are not ended: all paused (withdrawing pauses the active ones). */
  pausedPairs: number;
  /** Circles they left at or after `since`. */
  circlesLeft: number;
  /** Topic rooms they left at or after `since`. */
  roomsLeft: number;
}

/**
 * A member taken out of mentoring without ending anything (a guardian withdrew consent): their
 * active 1:1 pairs are paused as staff pause them, and they leave their circles and topic rooms
 * as `#leave` does. Staff decide what happens next (resume, end, rematch).
 */
@Injectable()
export class MemberWithdrawalRepository {
  /** Each pause is kept in the pair's history at `at`, about this member, with `note` saying why. */
  async withdraw(participantId: string, at: Date, note: string, tx: EntityManager): Promise<void> {
    await tx.query(
      `WITH paused AS (
         UPDATE pairings p SET status = 'paused'
           FROM pairing_members pm
          WHERE pm.pairing_id = p.id AND pm.participant_id = $1 AND pm.left_at IS NULL
            AND p.kind = 'pair' AND p.status = 'active'
          RETURNING p.id)
       INSERT INTO pairing_actions (pairing_id, action, participant_id, note, created_at)
       SELECT id, 'pause', $1, $3, $2 FROM paused`,
      [participantId, at, note],
    );
    await tx.query(
      `UPDATE pairing_members pm SET left_at = now()
         FROM pairings p
        WHERE p.id = pm.pairing_id AND pm.participant_id = $1 AND pm.left_at IS NULL
          AND p.kind IN ('circle', 'room') AND p.status <> 'ended'`,
      [participantId],
    );
  }

  async places(participantId: string, since: Date, tx: EntityManager): Promise<WithdrawnPlaces> {
    const [row]: { paused_pairs: number; circles_left: number; rooms_left: number }[] = await tx.query(
      `SELECT count(*) FILTER (WHERE p.kind = 'pair' AND p.status = 'paused' AND pm.left_at IS NULL)::int AS paused_pairs,
              count(*) FILTER (WHERE p.kind = 'circle' AND p.status <> 'ended' AND pm.left_at >= $2)::int AS circles_left,
              count(*) FILTER (WHERE p.kind = 'room' AND p.status <> 'ended' AND pm.left_at >= $2)::int AS rooms_left
         FROM pairing_members pm JOIN pairings p ON p.id = pm.pairing_id
        WHERE pm.participant_id = $1`,
      [participantId, since],
    );
    return { pausedPairs: row.paused_pairs, circlesLeft: row.circles_left, roomsLeft: row.rooms_left };
  }

  /**
   * The mentor-scoped twin of `withdraw` (their screening was cleared or lapsed): only where the
   * person mentors or leads. Their pairs as a mentee, and circles they are a member of, are
   * untouched: an unscreened person may still be mentored. Pauses their active 1:1 pairs where they are the mentor (as staff pause them: conditional on
   * 'active', so a pair paused or ended meanwhile is left as it is; its mail is then held), and
   * takes them out of the circles they lead and the topic rooms they are in, as `#leave` does,
   * at `at` (the clearing's time, so "left since it was cleared" reads back exactly). Each pause
   * is kept in the pair's history, by `staffId`, with `note` saying why.
   */
  async withdrawMentor(
    participantId: string,
    at: Date,
    by: { staffId: string | null; note: string },
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
