import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { pagedQuery, type PageOf, type PageRequest } from '../database/paged-query';
import { PairingAction } from './entities/pairing-action.entity';

export interface HistoryRow {
  id: string;
  action: PairingAction['action'];
  signal: PairingAction['signal'];
  note: string | null;
  snoozedUntil: Date | null;
  createdAt: Date;
  staffEmail: string | null;
  participantName: string | null;
}

/** The history table's sort keys (its columns' keys on the page). */
export const HISTORY_SORTS = { when: 'a.created_at', what: 'a.action', by: 's.email' } as const;

@Injectable()
export class PairingActionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  async record(
    row: Partial<PairingAction> & Pick<PairingAction, 'pairingId' | 'action' | 'createdAt'>,
    tx?: EntityManager,
  ) {
    await this.m(tx).insert(PairingAction, row);
  }

  /**
   * A pairing's history, newest first unless sorted, with who did it and about whom (names, never
   * addresses): searched and paged in SQL, as it grows with every reminder and note.
   */
  async history(pairingId: string, req: PageRequest, pageSize: number): Promise<PageOf<HistoryRow>> {
    return pagedQuery<HistoryRow>(
      this.dataSource,
      {
        select: `a.id, a.action, a.signal, a.note, a.snoozed_until AS "snoozedUntil", a.created_at AS "createdAt",
                 s.email AS "staffEmail", pa.name AS "participantName"`,
        from: `pairing_actions a LEFT JOIN staff_users s ON s.id = a.staff_id
               LEFT JOIN participants pa ON pa.id = a.participant_id`,
        where: 'a.pairing_id = $1',
        params: [pairingId],
        search: ['a.note', "replace(a.action, '_', ' ')", 's.email', 'pa.name'],
        sorts: HISTORY_SORTS,
        order: 'a.created_at DESC, a.id',
      },
      req,
      pageSize,
    );
  }

  /**
   * Message-IDs of staff's earlier emails to this person about this pairing, oldest first: the
   * next one answers the last and references them all, so they read as one thread.
   */
  async staffThread(pairingId: string, participantId: string, tx?: EntityManager): Promise<string[]> {
    const rows: { message_id: string }[] = await this.m(tx).query(
      `SELECT message_id FROM deliveries
       WHERE pairing_id = $1 AND recipient_id = $2 AND dedupe_key LIKE 'staff-message:%'
       ORDER BY created_at, id`,
      [pairingId, participantId],
    );
    return rows.map((r) => r.message_id);
  }
}
