import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PairingMember, type MutedBy } from './entities/pairing-member.entity';
import { Pairing, type PairingEndReason, type PairingStatus } from './entities/pairing.entity';
import { Participant } from './entities/participant.entity';
import { Programme } from './entities/programme.entity';
import {
  pairingWithMembersFromJson,
  pairingWithMembersSql,
  type PairingJson,
  type PairingWithMembers,
} from './pairing-with-members';

export type { PairingWithMembers };


@Injectable()
export class ProgramsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  insertProgramme(values: Partial<Programme>, tx?: EntityManager): Promise<Programme> {
    return this.m(tx).save(Programme, this.m(tx).create(Programme, values));
  }

  insertParticipant(values: Partial<Participant>, tx?: EntityManager): Promise<Participant> {
    return this.m(tx).save(Participant, this.m(tx).create(Participant, values));
  }

  async insertPairing(
    values: Partial<Pairing>,
    members: { participantId: string; role: Participant['role'] }[],
    tx?: EntityManager,
  ): Promise<Pairing> {
    const pairing = await this.m(tx).save(Pairing, this.m(tx).create(Pairing, values));
    // A topic room starts empty: people #join it.
    if (members.length === 0) return pairing;
    await this.m(tx).insert(
      PairingMember,
      members.map((m) => ({ pairingId: pairing.id, participantId: m.participantId, role: m.role })),
    );
    return pairing;
  }

  async updateProgrammeSchedule(
    id: string,
    values: Pick<Programme, 'curriculumKey' | 'sendWeekday' | 'sendHour'>,
  ): Promise<boolean> {
    const result = await this.m().update(Programme, { id }, values);
    return (result.affected ?? 0) > 0;
  }

  async updateProgrammeLimits(
    id: string,
    values: Pick<Programme, 'senderLimit' | 'pairingLimit' | 'loopLimit' | 'floodWindowMinutes'>,
  ): Promise<boolean> {
    const result = await this.m().update(Programme, { id }, values);
    return (result.affected ?? 0) > 0;
  }

  /** The work queue's thresholds and the nudge settings (the admin's programme overview). */
  async updateProgrammeAttention(
    id: string,
    values: Pick<
      Programme,
      | 'firstExchangeDays'
      | 'owedReplyDays'
      | 'oneSidedMessages'
      | 'lowScore'
      | 'silenceDays'
      | 'nudgeAfterDays'
      | 'nudgeMax'
    >,
  ): Promise<boolean> {
    const result = await this.m().update(Programme, { id }, values);
    return (result.affected ?? 0) > 0;
  }

  /** How people join, are matched and when the programme ends (the admin's programme page). */
  async updateProgrammeLifecycle(
    id: string,
    values: Pick<
      Programme,
      | 'joinEnabled'
      | 'matchingMode'
      | 'choiceReplyHours'
      | 'consentAge'
      | 'termsUrl'
      | 'description'
      | 'endsOn'
    >,
  ): Promise<boolean> {
    const result = await this.m().update(Programme, { id }, values);
    return (result.affected ?? 0) > 0;
  }

  /** Movie club: the youngest participant's age, above which no film is offered. */
  /**
   * Safeguarding: the contact-detail filter and mentor screening (each null: on when the programme
   * asks guardian consent), the filter's allow-list and keywords. Screening left out is unchanged.
   */
  async updateProgrammeSafeguarding(
    id: string,
    values: Pick<Programme, 'contactFilter' | 'contactAllow' | 'filterKeywords'> &
      Partial<Pick<Programme, 'screeningRequired' | 'screeningValidMonths'>>,
  ): Promise<void> {
    await this.m().update(Programme, { id }, values);
  }

  async updateProgrammeMinAge(id: string, minAge: number): Promise<boolean> {
    const result = await this.m().update(Programme, { id }, { minAge });
    return (result.affected ?? 0) > 0;
  }

  findProgrammeBySlug(slug: string): Promise<Programme | null> {
    return this.m().findOneBy(Programme, { slug });
  }

  findProgramme(id: string, tx?: EntityManager): Promise<Programme | null> {
    return this.m(tx).findOneBy(Programme, { id });
  }

  findParticipant(id: string, tx?: EntityManager): Promise<Participant | null> {
    return this.m(tx).findOneBy(Participant, { id });
  }

  findParticipantByEmail(programmeId: string, email: string): Promise<Participant | null> {
    return this.m().findOneBy(Participant, { programmeId, email: email.toLowerCase() });
  }

  /** The participant of the programme who writes from `address` (main address or alias). */
  findParticipantByAddress(
    programmeId: string,
    address: string,
    tx?: EntityManager,
  ): Promise<Participant | null> {
    return this.m(tx)
      .createQueryBuilder(Participant, 'p')
      .where('p.programme_id = :programmeId AND (p.email = :a OR :a = ANY(p.email_aliases))', {
        programmeId,
        a: address.trim().toLowerCase(),
      })
      .getOne();
  }

  /** What a person told the programme about themselves (enrolment): name, zone, role. */
  async updateParticipantDetails(
    id: string,
    values: Partial<Pick<Participant, 'name' | 'preferredName' | 'timeZone' | 'role'>>,
    tx?: EntityManager,
  ): Promise<void> {
    if (Object.keys(values).length) await this.m(tx).update(Participant, { id }, values);
  }

  /** The pairing behind a relay address (case-insensitive), with its programme and members. */
  async findByRelayAddress(address: string, tx?: EntityManager): Promise<PairingWithMembers | null> {
    return this.findOneWithMembers('p.relay_address = $1', address.toLowerCase(), tx);
  }

  async findPairing(id: string, tx?: EntityManager): Promise<PairingWithMembers | null> {
    return this.findOneWithMembers('p.id = $1', id, tx);
  }

  /** The pairings a participant belongs to, oldest first. */
  pairingsOf(participantId: string): Promise<Pairing[]> {
    return this.m()
      .createQueryBuilder(Pairing, 'p')
      .innerJoin(PairingMember, 'pm', 'pm.pairing_id = p.id')
      .where('pm.participant_id = :participantId', { participantId })
      .orderBy('p.created_at', 'ASC')
      .getMany();
  }

  /** Notes the first aligned authentication of a participant's mail; later ones change nothing. */
  async markAuthenticatedAligned(participantId: string): Promise<void> {
    await this.m()
      .createQueryBuilder()
      .update(Participant)
      .set({ authenticatedAlignedAt: () => 'now()' })
      .where('id = :participantId AND authenticated_aligned_at IS NULL', { participantId })
      .execute();
  }

  async setRole(participantId: string, role: Participant['role'], tx?: EntityManager): Promise<void> {
    await this.m(tx).update(Participant, { id: participantId }, { role });
  }

  /**
   * Adds a member to a topic room, or brings back one who left (muting is kept). True when this
   * call made them a member; false when they already were.
   */
  async addRoomMember(
    pairingId: string,
    participantId: string,
    role: Participant['role'],
    tx?: EntityManager,
  ): Promise<boolean> {
    const rows: unknown[] = await this.m(tx).query(
      `INSERT INTO pairing_members (pairing_id, participant_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (pairing_id, participant_id) DO UPDATE SET left_at = NULL
         WHERE pairing_members.left_at IS NOT NULL
       RETURNING participant_id`,
      [pairingId, participantId, role],
    );
    return rows.length > 0;
  }

  /** The topic rooms of a programme that are not ended, by name. */
  roomsOf(programmeId: string, tx?: EntityManager): Promise<Pairing[]> {
    return this.m(tx)
      .createQueryBuilder(Pairing, 'p')
      .where(`p.programme_id = :programmeId AND p.kind = 'room' AND p.status <> 'ended'`, { programmeId })
      .orderBy('p.name', 'ASC')
      .getMany();
  }

  /** True when this call made them leave (a second #leave changes nothing). */
  async setMemberLeft(pairingId: string, participantId: string, tx?: EntityManager): Promise<boolean> {
    const result = await this.m(tx)
      .createQueryBuilder()
      .update(PairingMember)
      .set({ leftAt: () => 'now()' })
      .where('pairing_id = :pairingId AND participant_id = :participantId AND left_at IS NULL', {
        pairingId,
        participantId,
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** True when the mute changed (muting a muted member again changes nothing). */
  async setMemberMuted(
    pairingId: string,
    participantId: string,
    muted: boolean,
    by: MutedBy,
    tx?: EntityManager,
  ): Promise<boolean> {
    const result = await this.m(tx)
      .createQueryBuilder()
      .update(PairingMember)
      .set({ mutedAt: muted ? () => 'now()' : null, mutedBy: muted ? by : null })
      .where(
        `pairing_id = :pairingId AND participant_id = :participantId AND left_at IS NULL
           AND muted_at IS ${muted ? 'NULL' : 'NOT NULL'}`,
        { pairingId, participantId },
      )
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Staff keep a lead's mute: it becomes theirs and leaves needs attention. False when none. */
  async keepLeadMute(pairingId: string, participantId: string): Promise<boolean> {
    const result = await this.m().update(
      PairingMember,
      { pairingId, participantId, mutedBy: 'lead' },
      { mutedBy: 'staff' },
    );
    return (result.affected ?? 0) > 0;
  }

  async setPairingStatus(id: string, status: PairingStatus): Promise<void> {
    await this.m().update(Pairing, { id }, { status, endedAt: status === 'ended' ? new Date() : null });
  }

  /**
   * Moves a pairing to `to` only from one of `from`, in one statement; false when its status was
   * changed meanwhile (a planned end, another click), so an ended pairing is never made active
   * again by a resume read before the end. Staff's end is recorded as theirs.
   */
  async changePairingStatus(id: string, from: PairingStatus[], to: PairingStatus): Promise<boolean> {
    const ended = to === 'ended';
    const result = await this.m()
      .createQueryBuilder()
      .update(Pairing)
      .set({ status: to, endedAt: ended ? new Date() : null, endReason: ended ? 'staff' : null })
      .where('id = :id AND status IN (:...from)', { id, from })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Pauses an active pairing, in the caller's transaction (the work queue's pause). */
  async pausePairing(id: string, tx?: EntityManager): Promise<void> {
    await this.m(tx).update(Pairing, { id, status: 'active' }, { status: 'paused' });
  }

  /** Ends a pairing that is not ended yet; false when it already was (a second click, a race). */
  async endPairing(id: string, reason: PairingEndReason, at: Date, tx?: EntityManager): Promise<boolean> {
    const result = await this.m(tx)
      .createQueryBuilder()
      .update(Pairing)
      .set({ status: 'ended', endedAt: at, endReason: reason })
      .where("id = :id AND status <> 'ended'", { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * The planned end's own ending: like endPairing, and only while the planned end (the pairing's,
   * else its programme's) is still before `today`. A `#continue` that moved it after the tick read
   * the pairing is seen here (the UPDATE re-reads a row changed meanwhile), so it is not ended.
   */
  async endPastPlannedEnd(id: string, today: string, at: Date, tx?: EntityManager): Promise<boolean> {
    // An UPDATE through TypeORM's query() answers [rows, affected].
    const [, affected] = (await this.m(tx).query(
      `UPDATE pairings p SET status = 'ended', ended_at = $3, end_reason = 'planned-end'
         FROM programmes g
        WHERE p.id = $1 AND g.id = p.programme_id AND p.status <> 'ended'
          AND COALESCE(p.ends_on, g.ends_on) < $2::date`,
      [id, today, at],
    )) as [unknown, number];
    return affected > 0;
  }

  /** A continued pair's new planned end (over the programme's `ends_on`). */
  async setPairingEndsOn(id: string, endsOn: string, tx?: EntityManager): Promise<void> {
    await this.m(tx).update(Pairing, { id }, { endsOn });
  }

  /**
   * Pairings still open whose planned end (their own, else their programme's) is before `today`
   * (a date, YYYY-MM-DD): the read-only ending is due.
   */
  async pastPlannedEnd(today: string, limit: number, tx?: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await this.m(tx).query(
      `SELECT p.id FROM pairings p JOIN programmes g ON g.id = p.programme_id
        WHERE p.status <> 'ended' AND COALESCE(p.ends_on, g.ends_on) < $1::date
        ORDER BY p.id LIMIT $2`,
      [today, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Open pairings with a planned end on or before `until` (YYYY-MM-DD), with that date: what the
   * planned-ending steps look at each tick.
   */
  async endingBy(until: string, tx?: EntityManager): Promise<{ id: string; endsOn: string }[]> {
    return this.m(tx).query(
      `SELECT p.id, to_char(COALESCE(p.ends_on, g.ends_on), 'YYYY-MM-DD') AS "endsOn"
         FROM pairings p JOIN programmes g ON g.id = p.programme_id
        WHERE p.status <> 'ended' AND COALESCE(p.ends_on, g.ends_on) <= $1::date
        ORDER BY p.id`,
      [until],
    );
  }

  /**
   * A pairing with its programme and members in one round trip: every inbound email and every
   * relayed copy asks for this, so it is worth one query instead of three.
   */
  private async findOneWithMembers(
    where: 'p.relay_address = $1' | 'p.id = $1',
    value: string,
    tx?: EntityManager,
  ): Promise<PairingWithMembers | null> {
    const manager = this.m(tx);
    const rows: { found: PairingJson | null }[] = await manager.query(
      `SELECT (${pairingWithMembersSql(where)}) AS found`,
      [value],
    );
    const found = rows[0]?.found;
    return found ? pairingWithMembersFromJson(manager, found) : null;
  }
}
