import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { MatchExclusion } from '../matching/entities/match-exclusion.entity';
import { PairingContinuation } from './entities/pairing-continuation.entity';
import { RematchRequest } from './entities/rematch-request.entity';

/** An open rematch request as staff see it: who asked, in which pair, and their private reason. */
export interface RematchRow {
  id: string;
  pairingId: string;
  participantId: string;
  name: string;
  reason: string;
  createdAt: Date;
  resolvedAt: Date | null;
}

export type ContinueAnswer =
  | { outcome: 'not-invited' }
  | { outcome: 'waiting' | 'continued'; endsOn: string };

@Injectable()
export class ClosingRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** One request per inbound email: a retried email records nothing twice. */
  async insertRematch(
    values: Pick<RematchRequest, 'pairingId' | 'participantId' | 'inboundEmailId' | 'reason'> & { at: Date },
    tx: EntityManager,
  ): Promise<void> {
    await tx
      .createQueryBuilder()
      .insert()
      .into(RematchRequest)
      .values({ ...values, createdAt: values.at })
      .orIgnore()
      .execute();
  }

  /** Open requests across all programmes (pairingId null) or one pairing's, newest first. */
  async rematches(opts: { pairingId?: string; openOnly?: boolean }): Promise<RematchRow[]> {
    const rows: Record<string, unknown>[] = await this.m().query(
      `SELECT r.id, r.pairing_id, r.participant_id, pt.name, r.reason, r.created_at, r.resolved_at
         FROM rematch_requests r JOIN participants pt ON pt.id = r.participant_id
        WHERE ($1::uuid IS NULL OR r.pairing_id = $1) AND (NOT $2 OR r.resolved_at IS NULL)
        ORDER BY r.created_at DESC LIMIT 200`,
      [opts.pairingId ?? null, opts.openOnly ?? false],
    );
    return rows.map((r) => ({
      id: r.id as string,
      pairingId: r.pairing_id as string,
      participantId: r.participant_id as string,
      name: r.name as string,
      reason: r.reason as string,
      createdAt: r.created_at as Date,
      resolvedAt: (r.resolved_at as Date | null) ?? null,
    }));
  }

  async resolveRematches(pairingId: string, at: Date, tx: EntityManager): Promise<void> {
    await tx.update(RematchRequest, { pairingId, resolvedAt: IsNull() }, { resolvedAt: at });
  }

  /** "Never pair these two again", kept whatever ends the pairing later. */
  async exclude(
    rows: { programmeId: string; mentorId: string; menteeId: string; reason: string | null }[],
    tx: EntityManager,
  ): Promise<void> {
    if (rows.length === 0) return;
    await tx.createQueryBuilder().insert().into(MatchExclusion).values(rows).orIgnore().execute();
  }

  /** A fresh invitation for every member; an earlier one (and its answers) is replaced. */
  async invite(pairingId: string, memberIds: string[], endsOn: string, at: Date, tx: EntityManager) {
    await tx.delete(PairingContinuation, { pairingId });
    await tx.insert(
      PairingContinuation,
      memberIds.map((participantId) => ({ pairingId, participantId, endsOn, invitedAt: at })),
    );
  }

  /** This member's yes; 'continued' once every invited member of the pair has said yes. */
  async answer(pairingId: string, participantId: string, at: Date, tx: EntityManager): Promise<ContinueAnswer> {
    // Locks the pair's rows, so two members answering at once cannot both see the other missing.
    const rows: { participant_id: string; ends_on: string; answered_at: Date | null }[] = await tx.query(
      `SELECT participant_id, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, answered_at
         FROM pairing_continuations WHERE pairing_id = $1 ORDER BY participant_id FOR UPDATE`,
      [pairingId],
    );
    const mine = rows.find((r) => r.participant_id === participantId);
    if (!mine) return { outcome: 'not-invited' };
    if (!mine.answered_at) await tx.update(PairingContinuation, { pairingId, participantId }, { answeredAt: at });
    const waiting = rows.some((r) => r.participant_id !== participantId && !r.answered_at);
    return { outcome: waiting ? 'waiting' : 'continued', endsOn: mine.ends_on };
  }

  /** The pending invitation of a pairing, with who has said yes; null when there is none. */
  async continuation(pairingId: string): Promise<{ endsOn: string; answered: string[] } | null> {
    const rows: { participant_id: string; ends_on: string; answered_at: Date | null }[] = await this.m().query(
      `SELECT participant_id, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, answered_at
         FROM pairing_continuations WHERE pairing_id = $1`,
      [pairingId],
    );
    if (rows.length === 0) return null;
    return {
      endsOn: rows[0].ends_on,
      answered: rows.filter((r) => r.answered_at).map((r) => r.participant_id),
    };
  }

  async clearContinuation(pairingId: string, tx: EntityManager): Promise<void> {
    await tx.delete(PairingContinuation, { pairingId });
  }
}
