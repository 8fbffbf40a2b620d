import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SCREENING_DETAIL, type ScreeningCheck } from './screening-checks';

/** A participant one of whose screening records is older than their programme keeps it valid. */
export interface LapsedRecord {
  participantId: string;
  name: string;
  programmeId: string;
  validMonths: number;
}

/** How many lapsed people one tick clears at most; the next tick takes the rest. */
const BATCH = 500;

// A record lapses when it was done before `now` less the programme's months.
const LAPSED = (column: string) =>
  `pt.${column} < $1::timestamptz - make_interval(months => g.screening_valid_months::int)`;

/** Screening records past their programme's validity (programmes.screening_valid_months). */
@Injectable()
export class ScreeningLapseRepository {
  constructor(private readonly dataSource: DataSource) {}

  async lapsed(now: Date): Promise<LapsedRecord[]> {
    const rows: {
      id: string;
      name: string;
      programme_id: string;
      months: number;
    }[] = await this.dataSource.query(
      // Which checks lapsed is read again by `clear`, under the row's lock.
      `SELECT pt.id, pt.name, pt.programme_id, g.screening_valid_months AS months
         FROM participants pt JOIN programmes g ON g.id = pt.programme_id
        WHERE g.screening_valid_months IS NOT NULL AND pt.removed_at IS NULL
          AND (${LAPSED('background_checked_at')} OR ${LAPSED('trained_at')})
        ORDER BY pt.id LIMIT ${BATCH}`,
      [now],
    );
    return rows.map((r) => ({
      participantId: r.id,
      name: r.name,
      programmeId: r.programme_id,
      validMonths: r.months,
    }));
  }

  /**
   * Clears what has lapsed by `now` (read again here, under the row's lock, so a record staff
   * renewed meanwhile stays), notes the clearing, and keeps each lapsed check in the staff audit
   * with no staff member. Returns the checks cleared: none when nothing had lapsed any more.
   */
  async clear(participantId: string, now: Date, tx: EntityManager): Promise<ScreeningCheck[]> {
    // An UPDATE through TypeORM's query answers [rows, affected count].
    const [rows]: [{ background: boolean; training: boolean; programme_id: string }[], number] =
      await tx.query(
        `WITH old AS (
         SELECT pt.id, pt.programme_id,
                coalesce(${LAPSED('background_checked_at')}, false) AS background,
                coalesce(${LAPSED('trained_at')}, false) AS training
           FROM participants pt JOIN programmes g ON g.id = pt.programme_id
          WHERE pt.id = $2 AND g.screening_valid_months IS NOT NULL
          FOR UPDATE OF pt)
       UPDATE participants p
          SET background_checked_at = CASE WHEN old.background THEN NULL ELSE p.background_checked_at END,
              trained_at = CASE WHEN old.training THEN NULL ELSE p.trained_at END,
              screening_cleared_at = $1
         FROM old WHERE p.id = old.id AND (old.background OR old.training)
       RETURNING old.background, old.training, old.programme_id`,
        [now, participantId],
      );
    if (!rows.length) return [];
    const cleared = [
      ...(rows[0].background ? (['background'] as const) : []),
      ...(rows[0].training ? (['training'] as const) : []),
    ];
    // The detail names the check as the admin's records do (admin/people/screening.ts).
    await tx.query(
      `INSERT INTO staff_audit (staff_id, programme_id, participant_id, action, detail, at)
       SELECT NULL, $2, $1, 'screening_lapsed', d, $3 FROM unnest($4::text[]) AS d`,
      [participantId, rows[0].programme_id, now, cleared.map((c) => SCREENING_DETAIL[c])],
    );
    return cleared;
  }
}
