import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
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

  /** A pairing's history, newest first, with who did it and about whom (names, never addresses). */
  async history(pairingId: string): Promise<HistoryRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT a.id, a.action, a.signal, a.note, a.snoozed_until, a.created_at, s.email AS staff_email,
              pa.name AS participant_name
       FROM pairing_actions a
       LEFT JOIN staff_users s ON s.id = a.staff_id
       LEFT JOIN participants pa ON pa.id = a.participant_id
       WHERE a.pairing_id = $1 ORDER BY a.created_at DESC, a.id`,
      [pairingId],
    );
    return rows.map((r) => ({
      id: r.id as string,
      action: r.action as HistoryRow['action'],
      signal: r.signal as HistoryRow['signal'],
      note: r.note as string | null,
      snoozedUntil: r.snoozed_until as Date | null,
      createdAt: r.created_at as Date,
      staffEmail: r.staff_email as string | null,
      participantName: r.participant_name as string | null,
    }));
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
