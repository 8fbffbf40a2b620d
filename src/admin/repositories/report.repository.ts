import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ParticipantRole } from '../../programs/entities/participant.entity';

export interface ReplyTime {
  role: ParticipantRole;
  replies: number;
  medianSeconds: number;
}

export interface PulseWeek {
  week: Date;
  average: number;
  votes: number;
}

export interface SurveyScore {
  role: ParticipantRole;
  score: number;
  n: number;
}

export interface PairingExportRow {
  id: string;
  kind: string;
  status: string;
  mentors: string;
  mentees: string;
  createdAt: Date;
  endedAt: Date | null;
  endReason: string | null;
  mentorMessages: number;
  menteeMessages: number;
  prompts: number;
  lastMessageAt: Date | null;
}

export interface SurveyAnswerRow {
  pairingId: string;
  name: string;
  role: ParticipantRole;
  poll: string;
  score: number;
  answer: string;
  comment: string | null;
  votedAt: Date;
}

/** The 1-5 score polls: option i is score i + 1 (see prompts-check-ins.ts and prompts-closing.ts). */
const PULSE = 'pulse-score';
const CLOSE = 'close-survey';

/**
 * A programme's report in a few set-based queries. A reply is a relay message whose previous relay
 * message in the same pairing came from someone else; its time is the gap between the two, and it
 * counts for the replier's side. Indexes used: pairings (programme_id, status), messages
 * (pairing_id, ...), pairing_prompts (pairing_id, created_at), poll_votes' primary key.
 */
@Injectable()
export class ReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async replyTimes(programmeId: string): Promise<ReplyTime[]> {
    const rows: { role: ParticipantRole; replies: number; medianSeconds: number }[] =
      await this.dataSource.query(
        `WITH m AS (
         SELECT pm.role, x.author_id, x.created_at,
                lag(x.author_id) OVER w AS prev_author, lag(x.created_at) OVER w AS prev_at
           FROM messages x
           JOIN pairings p ON p.id = x.pairing_id
           JOIN pairing_members pm ON pm.pairing_id = x.pairing_id AND pm.participant_id = x.author_id
          WHERE p.programme_id = $1 AND p.kind = 'pair' AND x.kind = 'relay'
         WINDOW w AS (PARTITION BY x.pairing_id ORDER BY x.created_at)
       )
       SELECT role, count(*)::int AS replies,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM created_at - prev_at))::float AS "medianSeconds"
         FROM m
        WHERE prev_author IS NOT NULL AND prev_author <> author_id
        GROUP BY role ORDER BY role`,
        [programmeId],
      );
    return rows;
  }

  async pulseTrend(programmeId: string): Promise<PulseWeek[]> {
    return this.dataSource.query(
      `SELECT date_trunc('week', v.voted_at) AS week, avg(v.option_index + 1)::float AS average, count(*)::int AS votes
         FROM poll_votes v
         JOIN pairing_prompts pp ON pp.id = v.pairing_prompt_id
         JOIN pairings p ON p.id = pp.pairing_id
        WHERE p.programme_id = $1 AND pp.prompt_key = $2
        GROUP BY 1 ORDER BY 1`,
      [programmeId, PULSE],
    );
  }

  async closeSurvey(programmeId: string): Promise<SurveyScore[]> {
    return this.dataSource.query(
      `SELECT pt.role, v.option_index + 1 AS score, count(*)::int AS n
         FROM poll_votes v
         JOIN pairing_prompts pp ON pp.id = v.pairing_prompt_id
         JOIN pairings p ON p.id = pp.pairing_id
         JOIN participants pt ON pt.id = v.participant_id
        WHERE p.programme_id = $1 AND pp.prompt_key = $2
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [programmeId, CLOSE],
    );
  }

  /** Every pairing, circle and room with its members' names and activity counts, oldest first. */
  async pairings(programmeId: string): Promise<PairingExportRow[]> {
    return this.dataSource.query(
      `SELECT p.id, p.kind, p.status, p.created_at AS "createdAt", p.ended_at AS "endedAt", p.end_reason AS "endReason",
              coalesce((SELECT string_agg(pt.name, '; ' ORDER BY pt.name) FROM pairing_members pm
                          JOIN participants pt ON pt.id = pm.participant_id
                         WHERE pm.pairing_id = p.id AND pm.role = 'mentor'), '') AS mentors,
              coalesce((SELECT string_agg(pt.name, '; ' ORDER BY pt.name) FROM pairing_members pm
                          JOIN participants pt ON pt.id = pm.participant_id
                         WHERE pm.pairing_id = p.id AND pm.role = 'mentee'), '') AS mentees,
              count(x.id) FILTER (WHERE pm.role = 'mentor')::int AS "mentorMessages",
              count(x.id) FILTER (WHERE pm.role = 'mentee')::int AS "menteeMessages",
              (SELECT count(*) FROM pairing_prompts pp WHERE pp.pairing_id = p.id)::int AS prompts,
              max(x.created_at) AS "lastMessageAt"
         FROM pairings p
         LEFT JOIN messages x ON x.pairing_id = p.id AND x.kind = 'relay'
         LEFT JOIN pairing_members pm ON pm.pairing_id = p.id AND pm.participant_id = x.author_id
        WHERE p.programme_id = $1
        GROUP BY p.id ORDER BY p.created_at, p.id`,
      [programmeId],
    );
  }

  /** Every answer to the score polls, with the voter's comment (staff only: this is a staff export). */
  async surveyAnswers(programmeId: string): Promise<SurveyAnswerRow[]> {
    return this.dataSource.query(
      `SELECT p.id AS "pairingId", pt.name, pt.role, pp.prompt_key AS poll, v.option_index + 1 AS score,
              coalesce(pp.poll_options ->> v.option_index, '') AS answer, v.comment, v.voted_at AS "votedAt"
         FROM poll_votes v
         JOIN pairing_prompts pp ON pp.id = v.pairing_prompt_id
         JOIN pairings p ON p.id = pp.pairing_id
         JOIN participants pt ON pt.id = v.participant_id
        WHERE p.programme_id = $1 AND pp.prompt_key IN ($2, $3)
        ORDER BY v.voted_at, pt.name`,
      [programmeId, PULSE, CLOSE],
    );
  }
}
