import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { reportQuery } from '../../database/report-query';

/** The stages of a programme's funnel, in order; one vocabulary with the dashboard and the README. */
export const FUNNEL_STAGES = [
  'invited',
  'confirmed',
  'profile complete',
  'matched',
  'first exchange',
  'active at week 4',
  'active at week 8',
  'active at week 12',
  'closed well',
] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export interface ProgrammeFunnel {
  programmeId: string;
  counts: Record<FunnelStage, number>;
}

/**
 * Per person, each stage requires the one before (a funnel), except "closed well", which requires
 * a first exchange only: a programme shorter than 12 weeks still closes well. People staff entered
 * without a profile (CSV import straight into pairings) passed enrolment by staff's word.
 * Indexes used: participants (programme_id, email), participant_profiles' primary key, pairings
 * (programme_id, status), pairing_members' primary key, messages (pairing_id, author_id,
 * created_at), pairing_prompts (pairing_id, created_at) and poll_votes' primary key.
 */
const FUNNEL_SQL = `
  WITH people AS (
    SELECT pt.id, pt.programme_id,
           (pr.participant_id IS NULL OR pr.confirmed_at IS NOT NULL) AS confirmed,
           (pr.participant_id IS NULL OR (pr.confirmed_at IS NOT NULL AND pr.profile_completed_at IS NOT NULL)) AS profiled
      FROM participants pt
      LEFT JOIN participant_profiles pr ON pr.participant_id = pt.id
     WHERE $1::uuid IS NULL OR pt.programme_id = $1
  ),
  -- Materialised: inlined, each of per_person's five uses of "exchanged" ran its subqueries again.
  member AS MATERIALIZED (
    SELECT pm.participant_id AS id, p.id AS pairing_id, p.created_at, p.end_reason,
           EXISTS (SELECT 1 FROM messages x WHERE x.pairing_id = p.id AND x.author_id = pm.participant_id
                      AND x.kind = 'relay') AND
           EXISTS (SELECT 1 FROM pairing_members o JOIN messages y
                      ON y.pairing_id = p.id AND y.author_id = o.participant_id AND y.kind = 'relay'
                    WHERE o.pairing_id = p.id AND o.participant_id <> pm.participant_id) AS exchanged,
           (SELECT max(x.created_at) FROM messages x
             WHERE x.pairing_id = p.id AND x.author_id = pm.participant_id AND x.kind = 'relay') AS last_wrote
      FROM pairing_members pm
      JOIN pairings p ON p.id = pm.pairing_id
     WHERE $1::uuid IS NULL OR p.programme_id = $1
  ),
  per_person AS (
    SELECT m.id,
           bool_or(m.exchanged) AS exchanged,
           -- Week N starts 7(N-1) days after the pairing was made: wrote then or later.
           bool_or(m.exchanged AND m.last_wrote >= m.created_at + interval '21 days') AS w4,
           bool_or(m.exchanged AND m.last_wrote >= m.created_at + interval '49 days') AS w8,
           bool_or(m.exchanged AND m.last_wrote >= m.created_at + interval '77 days') AS w12,
           bool_or(m.exchanged AND (m.end_reason = 'planned-end' OR EXISTS (
             SELECT 1 FROM pairing_prompts pp JOIN poll_votes v ON v.pairing_prompt_id = pp.id
              WHERE pp.pairing_id = m.pairing_id AND pp.prompt_key = 'close-survey'
                AND v.participant_id = m.id))) AS closed_well
      FROM member m
     GROUP BY m.id
  )
  SELECT p.programme_id AS "programmeId",
         count(*)::int AS "invited",
         count(*) FILTER (WHERE p.confirmed)::int AS "confirmed",
         count(*) FILTER (WHERE p.profiled)::int AS "profile complete",
         count(*) FILTER (WHERE p.profiled AND pp.id IS NOT NULL)::int AS "matched",
         count(*) FILTER (WHERE p.profiled AND pp.exchanged)::int AS "first exchange",
         count(*) FILTER (WHERE p.profiled AND pp.w4)::int AS "active at week 4",
         count(*) FILTER (WHERE p.profiled AND pp.w8)::int AS "active at week 8",
         count(*) FILTER (WHERE p.profiled AND pp.w12)::int AS "active at week 12",
         count(*) FILTER (WHERE p.profiled AND pp.closed_well)::int AS "closed well"
    FROM people p
    LEFT JOIN per_person pp ON pp.id = p.id
   GROUP BY p.programme_id`;

@Injectable()
export class FunnelRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every programme's funnel in one query, or one programme's. */
  async funnels(programmeId: string | null = null): Promise<ProgrammeFunnel[]> {
    const rows: Record<string, unknown>[] = await reportQuery(this.dataSource, FUNNEL_SQL, [programmeId]);
    return rows.map((r) => ({
      programmeId: r.programmeId as string,
      counts: Object.fromEntries(FUNNEL_STAGES.map((s) => [s, Number(r[s])])) as Record<FunnelStage, number>,
    }));
  }
}

/** Each stage with its count, share of those invited, and the drop from the stage before. */
export function funnelRows(counts: Record<FunnelStage, number>) {
  const invited = counts.invited;
  return FUNNEL_STAGES.map((stage, i) => {
    const n = counts[stage];
    const before = i === 0 ? null : counts[FUNNEL_STAGES[i - 1]];
    const drop = before === null ? null : before - n;
    return {
      stage,
      n,
      pct: invited ? Math.round((100 * n) / invited) : 0,
      drop,
      dropPct: before ? Math.round((100 * (drop ?? 0)) / before) : null,
    };
  });
}

/** The query itself, for the test that reads its plan. */
export const FUNNEL_SQL_FOR_TESTS = FUNNEL_SQL;
