import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** A participant one of whose screening records is older than their programme keeps it valid. */
export interface LapsedRecord {
  participantId: string;
  name: string;
  programmeId: string;
  validMonths: number;
  backgroundLapsed: boolean;
  trainingLapsed: boolean;
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
      background: boolean;
      training: boolean;
    }[] = await this.dataSource.query(
      `SELECT pt.id, pt.name, pt.programme_id, g.screening_valid_months AS months,
              coalesce(${LAPSED('background_checked_at')}, false) AS background,
              coalesce(${LAPSED('trained_at')}, false) AS training
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
      backgroundLapsed: r.background,
      trainingLapsed: r.training,
    }));
  }

  /**
   * Clears what has lapsed by `now` (read again here, so a record staff renewed meanwhile stays)
   * and notes the clearing; false when nothing had lapsed any more.
   */
  async clear(participantId: string, now: Date, tx: EntityManager): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `UPDATE participants pt
          SET background_checked_at = CASE WHEN ${LAPSED('background_checked_at')} THEN NULL ELSE pt.background_checked_at END,
              trained_at = CASE WHEN ${LAPSED('trained_at')} THEN NULL ELSE pt.trained_at END,
              screening_cleared_at = $1
         FROM programmes g
        WHERE g.id = pt.programme_id AND pt.id = $2 AND g.screening_valid_months IS NOT NULL
          AND (${LAPSED('background_checked_at')} OR ${LAPSED('trained_at')})
        RETURNING pt.id`,
      [now, participantId],
    );
    return rows.length > 0;
  }
}
