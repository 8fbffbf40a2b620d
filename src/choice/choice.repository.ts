import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ParticipantProfile } from '../enrolment/entities/participant-profile.entity';
import { MatchExclusion } from '../matching/entities/match-exclusion.entity';
import {
  profiledPerson,
  READINESS_COLUMNS,
  READINESS_FROM,
  type ReadinessRow,
} from '../matching/readiness.repository';
import { Participant } from '../programs/entities/participant.entity';
import { Programme } from '../programs/entities/programme.entity';
import type { ChoiceAttentionReason, ChoiceAttentionRow } from './choice-attention';
import type { ChoiceFacts } from './choice-readiness';
import { ChoiceWait } from './entities/choice-wait.entity';
import { MatchRequest, type MatchRequestStatus } from './entities/match-request.entity';

/** A person with a profile in a choosing programme, and where they stand. */
export interface ChoicePerson {
  participant: Participant;
  profile: ParticipantProfile;
  facts: ChoiceFacts;
  /** A suggestion still on offer to them, or a request of theirs waiting for a mentor. */
  choosing: boolean;
  /** Told that no mentor was left to suggest (see ChoiceWait). */
  waiting: boolean;
}

const PERSON_SQL = `
  SELECT ${READINESS_COLUMNS},
         EXISTS (SELECT 1 FROM match_requests r
           WHERE r.mentee_id = pt.id AND r.status IN ('suggested', 'asked')) AS choosing,
         EXISTS (SELECT 1 FROM choice_waits w WHERE w.mentee_id = pt.id) AS waiting
    ${READINESS_FROM}`;

interface PersonRow extends ReadinessRow {
  choosing: boolean;
  waiting: boolean;
}

@Injectable()
export class ChoiceRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  choosingProgrammes(tx?: EntityManager): Promise<Programme[]> {
    return this.m(tx).find(Programme, { where: { matchingMode: 'choice' }, order: { createdAt: 'ASC' } });
  }

  findProgramme(id: string, tx?: EntityManager): Promise<Programme | null> {
    return this.m(tx).findOneBy(Programme, { id });
  }

  /** Everyone with a profile in the programme, first confirmed first (who is suggested to first). */
  async people(programmeId: string, tx?: EntityManager): Promise<ChoicePerson[]> {
    const rows: PersonRow[] = await this.m(tx).query(
      `${PERSON_SQL} WHERE pf.programme_id = $1 ORDER BY pf.confirmed_at NULLS LAST, pt.created_at, pt.id`,
      [programmeId],
    );
    return rows.map((r) => this.toPerson(r, tx));
  }

  /** These people (in the order given when found), read in one query. */
  async peopleByIds(ids: string[], tx?: EntityManager): Promise<ChoicePerson[]> {
    const rows: PersonRow[] = await this.m(tx).query(
      `${PERSON_SQL} WHERE pf.participant_id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [String(r.participant.id), r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [this.toPerson(row, tx)] : [];
    });
  }

  async person(id: string, tx?: EntityManager): Promise<ChoicePerson | null> {
    const rows: PersonRow[] = await this.m(tx).query(`${PERSON_SQL} WHERE pf.participant_id = $1`, [id]);
    return rows[0] ? this.toPerson(rows[0], tx) : null;
  }

  private toPerson(r: PersonRow, tx?: EntityManager): ChoicePerson {
    return { ...profiledPerson(this.m(tx), r), choosing: r.choosing, waiting: r.waiting };
  }

  /**
   * Holds this participant's row until the transaction ends. Per mentor: two yeses for their last
   * place are answered one after the other, so the second sees the first's pairing. Per mentee:
   * their pick, a cascade and the tick's suggestions never interleave.
   */
  async lockParticipant(tx: EntityManager, id: string): Promise<void> {
    await tx.query(`SELECT 1 FROM participants WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** lockParticipant for many, taken in id order so that two batches never wait on each other. */
  async lockParticipants(tx: EntityManager, ids: string[]): Promise<void> {
    await tx.query(`SELECT 1 FROM participants WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
  }

  /** The request, locked for the rest of the transaction (its status is read again under the lock). */
  async lockRequest(tx: EntityManager, id: string): Promise<MatchRequest | null> {
    return tx
      .createQueryBuilder(MatchRequest, 'r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOne();
  }

  /** Mentors this mentee may not be suggested again: suggested before, or "never pair again". */
  async notAgain(programmeId: string, menteeId: string, tx?: EntityManager): Promise<Set<string>> {
    const rows: { mentor_id: string }[] = await this.m(tx).query(
      `SELECT mentor_id FROM match_requests WHERE mentee_id = $1
       UNION SELECT mentor_id FROM match_exclusions WHERE programme_id = $2 AND mentee_id = $1`,
      [menteeId, programmeId],
    );
    return new Set(rows.map((r) => r.mentor_id));
  }

  /** notAgain for many mentees in one query: the tick reads it once before ranking them all. */
  async notAgainAll(
    programmeId: string,
    menteeIds: string[],
    tx?: EntityManager,
  ): Promise<Map<string, Set<string>>> {
    const rows: { mentee_id: string; mentor_id: string }[] = await this.m(tx).query(
      `SELECT mentee_id, mentor_id FROM match_requests WHERE mentee_id = ANY($1::uuid[])
       UNION SELECT mentee_id, mentor_id FROM match_exclusions
        WHERE programme_id = $2 AND mentee_id = ANY($1::uuid[])`,
      [menteeIds, programmeId],
    );
    const byMentee = new Map<string, Set<string>>();
    for (const r of rows) {
      const set = byMentee.get(r.mentee_id) ?? new Set<string>();
      set.add(r.mentor_id);
      byMentee.set(r.mentee_id, set);
    }
    return byMentee;
  }

  isExcluded(programmeId: string, mentorId: string, menteeId: string, tx?: EntityManager): Promise<boolean> {
    return this.m(tx).existsBy(MatchExclusion, { programmeId, mentorId, menteeId });
  }

  async nextBatch(menteeId: string, tx: EntityManager): Promise<number> {
    const [row]: { n: number }[] = await tx.query(
      `SELECT coalesce(max(batch), 0)::int + 1 AS n FROM match_requests WHERE mentee_id = $1`,
      [menteeId],
    );
    return row.n;
  }

  /** nextBatch for many mentees in one query. */
  async nextBatches(menteeIds: string[], tx: EntityManager): Promise<Map<string, number>> {
    const rows: { mentee_id: string; n: number }[] = await tx.query(
      `SELECT mentee_id, max(batch)::int + 1 AS n FROM match_requests
        WHERE mentee_id = ANY($1::uuid[]) GROUP BY mentee_id`,
      [menteeIds],
    );
    return new Map(menteeIds.map((id) => [id, rows.find((r) => r.mentee_id === id)?.n ?? 1]));
  }

  insertSuggestions(rows: Partial<MatchRequest>[], tx: EntityManager): Promise<MatchRequest[]> {
    return tx.save(
      MatchRequest,
      rows.map((r) => tx.create(MatchRequest, r)),
    );
  }

  /** The mentee's suggestions still on offer (their latest batch), by the number they reply. */
  offered(menteeId: string, tx: EntityManager): Promise<MatchRequest[]> {
    return tx
      .createQueryBuilder(MatchRequest, 'r')
      .where(
        `r.mentee_id = :menteeId AND r.status = 'suggested'
         AND r.batch = (SELECT max(batch) FROM match_requests WHERE mentee_id = :menteeId)`,
        { menteeId },
      )
      .orderBy('r.rank')
      .getMany();
  }

  /** The mentee's request waiting for a mentor's answer (one at a time). */
  asked(menteeId: string, tx: EntityManager): Promise<MatchRequest | null> {
    return tx.findOneBy(MatchRequest, { menteeId, status: 'asked' });
  }

  /** Other mentees' requests waiting for this mentor, locked (they are lost when the mentor fills). */
  askedOfMentor(mentorId: string, tx: EntityManager): Promise<MatchRequest[]> {
    return tx
      .createQueryBuilder(MatchRequest, 'r')
      .setLock('pessimistic_write')
      .where(`r.mentor_id = :mentorId AND r.status = 'asked'`, { mentorId })
      .orderBy('r.asked_at')
      .getMany();
  }

  async setStatus(
    tx: EntityManager,
    ids: string[],
    status: MatchRequestStatus,
    extra: Partial<Pick<MatchRequest, 'askedAt' | 'expiresAt' | 'answeredAt'>> = {},
  ): Promise<void> {
    if (ids.length === 0) return;
    await tx
      .createQueryBuilder()
      .update(MatchRequest)
      .set({ status, ...extra })
      .whereInIds(ids)
      .execute();
  }

  /** Every suggestion still on offer to the mentee, whatever its batch: withdrawn once they are matched. */
  async withdrawOffers(tx: EntityManager, menteeId: string): Promise<void> {
    await tx.query(
      `UPDATE match_requests SET status = 'withdrawn' WHERE mentee_id = $1 AND status = 'suggested'`,
      [menteeId],
    );
  }

  /** Requests past their answer-by time, claimed so that two ticks never expire one twice. */
  claimExpired(tx: EntityManager, programmeId: string, now: Date, limit: number): Promise<MatchRequest[]> {
    return tx
      .createQueryBuilder(MatchRequest, 'r')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where(`r.programme_id = :programmeId AND r.status = 'asked' AND r.expires_at <= :now`, {
        programmeId,
        now,
      })
      .orderBy('r.expires_at')
      .limit(limit)
      .getMany();
  }

  async wait(tx: EntityManager, programmeId: string, menteeId: string, since: Date): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO choice_waits (mentee_id, programme_id, since) VALUES ($1, $2, $3)
       ON CONFLICT (mentee_id) DO NOTHING RETURNING mentee_id`,
      [menteeId, programmeId, since],
    );
    return rows.length > 0;
  }

  async endWait(tx: EntityManager, menteeId: string): Promise<void> {
    await tx.delete(ChoiceWait, { menteeId });
  }

  /** Mentees no mentor is left for, oldest first: staff's list. */
  waits(programmeId: string, tx?: EntityManager): Promise<ChoiceWait[]> {
    return this.m(tx).find(ChoiceWait, { where: { programmeId }, order: { since: 'ASC' } });
  }

  /**
   * Staff's list across choosing programmes, oldest first: mentees no mentor is left for, and the
   * people whose last two concluded requests both lapsed (a mentee's choices, or a mentor's asks).
   */
  async needingStaff(limit = 200, tx?: EntityManager): Promise<ChoiceAttentionRow[]> {
    const rows: Record<string, unknown>[] = await this.m(tx).query(
      `WITH concluded AS (
         SELECT r.*, row_number() OVER (PARTITION BY r.mentee_id ORDER BY r.asked_at DESC) AS by_mentee,
                row_number() OVER (PARTITION BY r.mentor_id ORDER BY r.asked_at DESC) AS by_mentor
           FROM match_requests r
          WHERE r.asked_at IS NOT NULL AND r.status IN ('accepted', 'declined', 'expired', 'lost')
       ),
       lapsed AS (
         SELECT mentee_id AS participant_id, programme_id, 'mentee-requests-lapsed' AS reason,
                min(answered_at) AS since
           FROM concluded WHERE by_mentee <= 2 GROUP BY mentee_id, programme_id
         HAVING count(*) = 2 AND bool_and(status = 'expired')
         UNION ALL
         SELECT mentor_id, programme_id, 'mentor-let-lapse', min(answered_at)
           FROM concluded WHERE by_mentor <= 2 GROUP BY mentor_id, programme_id
         HAVING count(*) = 2 AND bool_and(status = 'expired')
       ),
       listed AS (
         SELECT mentee_id AS participant_id, programme_id, 'no-mentor-left' AS reason, since FROM choice_waits
         UNION ALL SELECT * FROM lapsed
       )
       SELECT l.participant_id, pt.name, l.programme_id, g.name AS programme_name, l.reason, l.since
         FROM listed l
         JOIN participants pt ON pt.id = l.participant_id
         JOIN programmes g ON g.id = l.programme_id
        -- A mentee paired since (by staff, say) needs no help finding a mentor.
        WHERE l.reason <> 'mentee-requests-lapsed' OR NOT EXISTS (
          SELECT 1 FROM pairing_members me
            JOIN pairings pa ON pa.id = me.pairing_id AND pa.status IN ('active', 'paused')
           WHERE me.participant_id = l.participant_id AND me.role = 'mentee')
        ORDER BY l.since, pt.name
        LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      participantId: r.participant_id as string,
      name: r.name as string,
      programmeId: r.programme_id as string,
      programmeName: r.programme_name as string,
      reason: r.reason as ChoiceAttentionReason,
      since: r.since as Date,
    }));
  }

  requests(programmeId: string, tx?: EntityManager): Promise<MatchRequest[]> {
    return this.m(tx).find(MatchRequest, {
      where: { programmeId },
      order: { suggestedAt: 'ASC', rank: 'ASC' },
    });
  }
}
