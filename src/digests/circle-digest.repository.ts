import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Messages one author wrote in one thread of the circle this week. */
export interface CircleTalkRow {
  threadId: string;
  subject: string;
  authorId: string;
  messages: number;
  lastAt: Date;
}

/** A prompt the circle got this week: who answered it (ids, first to answer first), and a poll's votes. */
export interface CirclePromptRow {
  week: number;
  item: number;
  promptKey: string;
  title: string;
  pollOptions: string[] | null;
  answeredBy: string[];
  /** A poll's votes as (voter, option): the builder turns them into counts and the reader's own. */
  votes: { participantId: string; option: number }[];
}

export interface CircleWeek {
  talk: CircleTalkRow[];
  prompts: CirclePromptRow[];
}

/** The week of one circle, read for its members' digests. */
@Injectable()
export class CircleDigestRepository {
  constructor(private readonly dataSource: DataSource) {}

  async week(pairingId: string, since: Date): Promise<CircleWeek> {
    const talk: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT th.id AS thread_id, th.subject, m.author_id, count(*)::int AS messages, max(m.created_at) AS last_at
         FROM messages m
         JOIN threads th ON th.id = m.thread_id
        WHERE m.pairing_id = $1 AND m.kind = 'relay' AND m.author_id IS NOT NULL AND m.created_at > $2
        GROUP BY th.id, th.subject, m.author_id`,
      [pairingId, since],
    );
    const prompts: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT pp.week, pp.item, pp.prompt_key, pp.title, pp.poll_options,
              ARRAY(SELECT a.id FROM (
                      SELECT m.author_id AS id, m.created_at AS at FROM messages m
                       WHERE m.thread_id = pp.thread_id AND m.kind = 'relay' AND m.author_id IS NOT NULL
                      UNION ALL
                      SELECT v.participant_id, v.voted_at FROM poll_votes v WHERE v.pairing_prompt_id = pp.id) a
                    GROUP BY a.id ORDER BY min(a.at), a.id) AS answered_by,
              COALESCE((SELECT json_agg(json_build_object('participantId', v.participant_id, 'option', v.option_index))
                          FROM poll_votes v WHERE v.pairing_prompt_id = pp.id), '[]') AS votes
         FROM pairing_prompts pp
        WHERE pp.pairing_id = $1 AND pp.issued_at > $2 AND pp.swapped_for IS NULL
        ORDER BY pp.week, pp.item`,
      [pairingId, since],
    );
    return {
      talk: talk.map((r) => ({
        threadId: r.thread_id as string,
        subject: r.subject as string,
        authorId: r.author_id as string,
        messages: Number(r.messages),
        lastAt: r.last_at as Date,
      })),
      prompts: prompts.map((r) => ({
        week: Number(r.week),
        item: Number(r.item),
        promptKey: r.prompt_key as string,
        title: r.title as string,
        pollOptions: (r.poll_options as string[] | null) ?? null,
        answeredBy: (r.answered_by as string[]) ?? [],
        votes: r.votes as { participantId: string; option: number }[],
      })),
    };
  }
}
