import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Pairing } from '../programs/entities/pairing.entity';
import { entityFromRow, type JsonRow } from '../database/json-rows';
import { Participant } from '../programs/entities/participant.entity';
import type { RsvpAnswer } from './entities/room-call-rsvp.entity';
import { RoomCall } from './entities/room-call.entity';

/** A room with how many people are in it now. */
export interface RoomSummary {
  id: string;
  programmeId: string;
  name: string;
  topic: string;
  status: string;
  relayAddress: string;
  members: number;
}

/** One current member of a room and their answer to a call (null: none yet). */
export interface CallAttendee {
  participant: Participant;
  answer: RsvpAnswer | null;
  answeredAt: Date | null;
}

/** Topic rooms' own rows (calls, answers) and the reads rooms need of pairings; members are ProgramsService's. */
@Injectable()
export class RoomsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  async summaries(programmeId: string | null): Promise<RoomSummary[]> {
    const rows: (Omit<RoomSummary, 'members'> & { members: string })[] = await this.m().query(
      `SELECT p.id, p.programme_id AS "programmeId", p.name, p.topic, p.status,
              p.relay_address AS "relayAddress",
              (SELECT count(*) FROM pairing_members pm
                WHERE pm.pairing_id = p.id AND pm.left_at IS NULL) AS members
         FROM pairings p
        WHERE p.kind = 'room' AND ($1::uuid IS NULL OR p.programme_id = $1)
        ORDER BY p.name`,
      [programmeId],
    );
    return rows.map((r) => ({ ...r, members: Number(r.members) }));
  }

  findRoom(id: string, tx?: EntityManager): Promise<Pairing | null> {
    return this.m(tx).findOneBy(Pairing, { id, kind: 'room' });
  }

  /** The room a topic names in a programme (ended rooms name nothing). */
  findByTopic(programmeId: string, topic: string, tx?: EntityManager): Promise<Pairing | null> {
    return this.m(tx)
      .createQueryBuilder(Pairing, 'p')
      .where(
        `p.programme_id = :programmeId AND p.kind = 'room' AND p.topic = :topic AND p.status <> 'ended'`,
        {
          programmeId,
          topic,
        },
      )
      .getOne();
  }

  insertCall(values: Partial<RoomCall>, tx?: EntityManager): Promise<RoomCall> {
    return this.m(tx).save(RoomCall, this.m(tx).create(RoomCall, values));
  }

  findCall(id: string, tx?: EntityManager): Promise<RoomCall | null> {
    return this.m(tx).findOneBy(RoomCall, { id });
  }

  /** The call, locked until the caller's transaction ends: an answer and a move wait for each other. */
  lockCall(tx: EntityManager, id: string): Promise<RoomCall | null> {
    return tx.findOne(RoomCall, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * A new version of a call not cancelled yet, locked in the caller's transaction: the changes
   * applied and SEQUENCE one more. Null when the call is cancelled (or gone) already.
   */
  async changeCall(
    tx: EntityManager,
    id: string,
    change: Pick<RoomCall, 'startsAt' | 'durationMinutes' | 'remindedAt' | 'cancelledAt'>,
  ): Promise<RoomCall | null> {
    const [rows]: [JsonRow[], number] = await tx.query(
      `UPDATE room_calls SET starts_at = $2, duration_minutes = $3, reminded_at = $4, cancelled_at = $5,
              sequence = sequence + 1
        WHERE id = $1 AND cancelled_at IS NULL
        RETURNING *`,
      [id, change.startsAt, change.durationMinutes, change.remindedAt, change.cancelledAt],
    );
    return rows.length ? entityFromRow(tx, RoomCall, rows[0]) : null;
  }

  /**
   * Forgets every answer to a call: a move asks everyone again, and a yes given for the old time
   * must not bring a reminder for the new one.
   */
  async clearAnswers(tx: EntityManager, callId: string): Promise<void> {
    await tx.query(`DELETE FROM room_call_rsvps WHERE call_id = $1`, [callId]);
  }

  /** The room's calls not cancelled and starting after `now`, soonest first. */
  upcomingCalls(pairingId: string, now: Date, tx?: EntityManager): Promise<RoomCall[]> {
    return this.m(tx)
      .createQueryBuilder(RoomCall, 'c')
      .where('c.pairing_id = :pairingId AND c.cancelled_at IS NULL AND c.starts_at > :now', {
        pairingId,
        now,
      })
      .orderBy('c.starts_at', 'ASC')
      .getMany();
  }

  callsOf(pairingId: string): Promise<RoomCall[]> {
    return this.m().find(RoomCall, { where: { pairingId }, order: { startsAt: 'ASC' } });
  }

  /** The latest answer counts: a yes after a no (or the other way) replaces it. */
  async answer(callId: string, participantId: string, answer: RsvpAnswer, at: Date, tx?: EntityManager) {
    await this.m(tx).query(
      `INSERT INTO room_call_rsvps (call_id, participant_id, answer, answered_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (call_id, participant_id) DO UPDATE SET answer = EXCLUDED.answer, answered_at = EXCLUDED.answered_at`,
      [callId, participantId, answer, at],
    );
  }

  /** Every current member of the call's room with their answer, by name. */
  async attendees(call: RoomCall, tx?: EntityManager): Promise<CallAttendee[]> {
    const rows: { participant: JsonRow; answer: RsvpAnswer | null; answered_at: Date | null }[] =
      await this.m(tx).query(
        `SELECT to_jsonb(pt) AS participant, r.answer, r.answered_at
           FROM pairing_members pm
           JOIN participants pt ON pt.id = pm.participant_id
           LEFT JOIN room_call_rsvps r ON r.call_id = $2 AND r.participant_id = pm.participant_id
          WHERE pm.pairing_id = $1 AND pm.left_at IS NULL
          ORDER BY pt.name`,
        [call.pairingId, call.id],
      );
    const manager = this.m(tx);
    return rows.map((r) => ({
      participant: entityFromRow(manager, Participant, r.participant),
      answer: r.answer,
      answeredAt: r.answered_at,
    }));
  }

  /**
   * Claims the calls whose day-before reminder is due (starting within 24 hours of `now`, not yet
   * reminded), marking them in the caller's transaction: a second tick claims nothing.
   */
  async claimDueReminders(tx: EntityManager, now: Date): Promise<RoomCall[]> {
    const [rows]: [JsonRow[], number] = await tx.query(
      `UPDATE room_calls SET reminded_at = $1
        WHERE id IN (SELECT id FROM room_calls
                      WHERE reminded_at IS NULL AND cancelled_at IS NULL AND starts_at > $1 AND starts_at <= $1 + interval '24 hours'
                      FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [now],
    );
    return rows.map((r) => entityFromRow(tx, RoomCall, r));
  }
}
