import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ScreeningCheck } from './screening';

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

/** A mentor's screening as staff record and clear it (what clearing takes them out of: ProgramsService.withdrawMentor). */
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
}
