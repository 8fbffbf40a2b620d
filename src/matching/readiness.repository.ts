import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ParticipantProfile } from '../enrolment/entities/participant-profile.entity';
import { entityFromRow, type JsonRow } from '../database/json-rows';
import { Participant } from '../programs/entities/participant.entity';
import type { ReadinessFacts } from './readiness';

/** A person with a profile in the programme, and the facts `readiness` judges. */
export interface ProfiledPerson {
  participant: Participant;
  profile: ParticipantProfile;
  facts: ReadinessFacts;
}

/** The columns readiness needs, for each row of `participant_profiles pf` joined to its participant and programme. */
export const READINESS_COLUMNS = `to_jsonb(pt) AS participant, to_jsonb(pf) AS profile, g.consent_age, g.screening_required,
  (SELECT count(*)::int FROM pairing_members me
     JOIN pairings pa ON pa.id = me.pairing_id AND pa.status IN ('active', 'paused') AND pa.kind = 'pair'
     JOIN pairing_members other ON other.pairing_id = pa.id AND other.role = 'mentee'
    WHERE me.participant_id = pt.id AND me.role = 'mentor') AS mentees_now,
  (SELECT count(*)::int FROM pairing_members me
     JOIN pairings pa ON pa.id = me.pairing_id AND pa.status IN ('active', 'paused') AND pa.kind = 'circle'
    WHERE me.participant_id = pt.id AND me.role = 'mentor' AND me.left_at IS NULL) AS circles_led,
  EXISTS (SELECT 1 FROM pairing_members me
     JOIN pairings pa ON pa.id = me.pairing_id AND pa.status IN ('active', 'paused') AND pa.kind = 'pair'
    WHERE me.participant_id = pt.id AND me.role = 'mentee') AS mentored_now,
  EXISTS (SELECT 1 FROM pairing_members me
     JOIN pairings pa ON pa.id = me.pairing_id AND pa.status IN ('active', 'paused') AND pa.kind = 'circle'
    WHERE me.participant_id = pt.id AND me.role = 'mentee' AND me.left_at IS NULL) AS in_circle`;

export const READINESS_FROM = `FROM participant_profiles pf
  JOIN participants pt ON pt.id = pf.participant_id
  JOIN programmes g ON g.id = pf.programme_id`;

const READINESS_SQL = `SELECT ${READINESS_COLUMNS} ${READINESS_FROM}`;

export interface ReadinessRow {
  participant: JsonRow;
  profile: JsonRow;
  consent_age: number | null;
  screening_required: boolean | null;
  mentees_now: number;
  circles_led: number;
  mentored_now: boolean;
  in_circle: boolean;
}

/** A row of READINESS_COLUMNS as the person and the facts `readiness` judges. */
export function profiledPerson(manager: EntityManager, r: ReadinessRow): ProfiledPerson {
  const participant = entityFromRow(manager, Participant, r.participant);
  const profile = entityFromRow(manager, ParticipantProfile, r.profile);
  return {
    participant,
    profile,
    facts: {
      roleWanted: profile.roleWanted,
      confirmedAt: profile.confirmedAt,
      profileCompletedAt: profile.profileCompletedAt,
      age: profile.age,
      guardianConsentedAt: profile.guardianConsentedAt,
      consentAge: r.consent_age,
      backgroundCheckedAt: participant.backgroundCheckedAt,
      trainedAt: participant.trainedAt,
      screeningRequired: r.screening_required,
      capacity: profile.capacity,
      menteesNow: Number(r.mentees_now),
      circlesLed: Number(r.circles_led),
      mentoredNow: r.mentored_now,
      inCircle: r.in_circle,
    },
  };
}

/**
 * Gathers readiness facts in one query: profile, programme consent age, and the person's active
 * or paused pairs (mentees they mentor, whether they are mentored) and circles (led, a member of). It decides nothing itself:
 * `readiness()` does.
 */
@Injectable()
export class ReadinessRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Everyone with a profile in the programme, oldest confirmation first (the order `either` sides are chosen in). */
  inProgramme(programmeId: string, tx?: EntityManager): Promise<ProfiledPerson[]> {
    return this.query('pf.programme_id = $1', [programmeId], tx);
  }

  /** These people (any programme), in the same order. */
  byIds(ids: readonly string[], tx?: EntityManager): Promise<ProfiledPerson[]> {
    return ids.length === 0
      ? Promise.resolve([])
      : this.query('pf.participant_id = ANY($1::uuid[])', [ids], tx);
  }

  private async query(
    where: 'pf.programme_id = $1' | 'pf.participant_id = ANY($1::uuid[])',
    params: unknown[],
    tx?: EntityManager,
  ): Promise<ProfiledPerson[]> {
    const manager = tx ?? this.dataSource.manager;
    const rows: ReadinessRow[] = await manager.query(
      `${READINESS_SQL} WHERE ${where} ORDER BY pf.confirmed_at NULLS LAST, pt.created_at, pt.id`,
      params,
    );
    return rows.map((r) => profiledPerson(manager, r));
  }
}
