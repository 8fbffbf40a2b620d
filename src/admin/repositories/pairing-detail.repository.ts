import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pagedQuery, type PageOf, type PageRequest } from '../../database/paged-query';
import type { ScheduleStream } from '../../prompts/entities/schedule.entity';

export interface ThreadRow {
  id: string;
  subject: string;
  lastMessageAt: Date;
  messages: number;
}

export interface SideStats {
  participantId: string;
  lastMessageAt: Date | null;
  messages: number;
  medianReplySeconds: number | null;
  promptsSent: number;
  promptsAnswered: number;
}

export interface UpcomingRow {
  participantId: string;
  stream: ScheduleStream;
  nextRunAt: Date | null;
  week: number;
  item: number;
}

export interface ViewRow {
  staffEmail: string;
  threadId: string;
  subject: string;
  viewedAt: Date;
}

/** Counted per shown thread (messages' thread index), so a page of threads costs a page of counts. */
const THREAD_MESSAGES = '(SELECT count(*)::int FROM messages m WHERE m.thread_id = t.id)';

/** The pairing page's sort keys (its columns' keys) and what each sorts by. */
export const THREAD_SORTS = {
  subject: 't.subject',
  messages: THREAD_MESSAGES,
  last: 't.last_message_at',
} as const;
export const READ_SORTS = { staff: 'u.email', thread: 't.subject', when: 'v.viewed_at' } as const;

@Injectable()
export class PairingDetailRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A pairing's threads, latest message first unless sorted: searched by subject and paged in SQL. */
  threads(pairingId: string, req: PageRequest, pageSize: number): Promise<PageOf<ThreadRow>> {
    return pagedQuery(
      this.dataSource,
      {
        select: `t.id, t.subject, t.last_message_at AS "lastMessageAt", ${THREAD_MESSAGES} AS messages`,
        from: 'threads t',
        where: 't.pairing_id = $1',
        params: [pairingId],
        search: ['t.subject'],
        sorts: THREAD_SORTS,
        order: 't.last_message_at DESC, t.id',
      },
      req,
      pageSize,
    );
  }

  /**
   * Per member: last message, message count, median time to answer the other side (a message
   * whose predecessor in the pairing came from someone else), and prompts answered of sent (an
   * issued prompt delivered to the member counts as answered once they wrote in its thread).
   */
  async sideStats(pairingId: string): Promise<SideStats[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH relay AS (
         SELECT author_id, created_at,
                lag(author_id) OVER (ORDER BY created_at) AS prev_author,
                lag(created_at) OVER (ORDER BY created_at) AS prev_at
         FROM messages WHERE pairing_id = $1 AND kind = 'relay'
       ), replies AS (
         SELECT author_id,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM created_at - prev_at)) AS median_s
         FROM relay WHERE prev_author IS NOT NULL AND prev_author <> author_id GROUP BY author_id
       ), totals AS (
         SELECT author_id, max(created_at) AS last_at, count(*)::int AS n FROM relay GROUP BY author_id
       ), prompts AS (
         -- Issued to this member: a prompt delivery to them that was not skipped or blocked.
         SELECT pm.participant_id, count(pp.id)::int AS sent,
                count(pp.id) FILTER (WHERE EXISTS (
                  SELECT 1 FROM messages r WHERE r.thread_id = pp.thread_id AND r.kind = 'relay'
                    AND r.author_id = pm.participant_id))::int AS answered
         FROM pairing_members pm
         LEFT JOIN pairing_prompts pp ON pp.pairing_id = pm.pairing_id AND EXISTS (
           SELECT 1 FROM deliveries d
           WHERE d.pairing_id = pm.pairing_id AND d.kind = 'prompt' AND d.recipient_id = pm.participant_id
             AND d.source_message_id = pp.message_row_id AND d.status NOT IN ('skipped', 'suppressed', 'failed'))
         WHERE pm.pairing_id = $1 GROUP BY pm.participant_id
       )
       SELECT pm.participant_id, t.last_at, coalesce(t.n, 0) AS n, r.median_s, p.sent, p.answered
       FROM pairing_members pm
       LEFT JOIN totals t ON t.author_id = pm.participant_id
       LEFT JOIN replies r ON r.author_id = pm.participant_id
       LEFT JOIN prompts p ON p.participant_id = pm.participant_id
       WHERE pm.pairing_id = $1`,
      [pairingId],
    );
    return rows.map((r) => ({
      participantId: r.participant_id as string,
      lastMessageAt: (r.last_at as Date | null) ?? null,
      messages: Number(r.n),
      medianReplySeconds: r.median_s === null ? null : Number(r.median_s),
      promptsSent: Number(r.sent ?? 0),
      promptsAnswered: Number(r.answered ?? 0),
    }));
  }

  /** The latest relayed message's author: the other side owes a reply. */
  async lastRelay(pairingId: string): Promise<{ authorId: string | null; createdAt: Date } | null> {
    const rows: { author_id: string | null; created_at: Date }[] = await this.dataSource.query(
      `SELECT author_id, created_at FROM messages WHERE pairing_id = $1 AND kind = 'relay'
       ORDER BY created_at DESC LIMIT 1`,
      [pairingId],
    );
    return rows[0] ? { authorId: rows[0].author_id, createdAt: rows[0].created_at } : null;
  }

  /** Each member's next prompt and digest from the durable schedule (null: nothing more due). */
  async upcoming(pairingId: string): Promise<UpcomingRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT s.participant_id, s.stream, s.next_run_at, s.week, s.item
       FROM pairing_members pm JOIN schedules s ON s.participant_id = pm.participant_id AND s.pairing_id = pm.pairing_id
       WHERE pm.pairing_id = $1 ORDER BY s.stream DESC, s.next_run_at NULLS LAST`,
      [pairingId],
    );
    return rows.map((r) => ({
      participantId: r.participant_id as string,
      stream: r.stream as ScheduleStream,
      nextRunAt: (r.next_run_at as Date | null) ?? null,
      week: Number(r.week),
      item: Number(r.item),
    }));
  }

  /** Staff's reads of this pairing's threads, newest first unless sorted, in SQL: each read adds a row. */
  views(pairingId: string, req: PageRequest, pageSize: number): Promise<PageOf<ViewRow>> {
    return pagedQuery(
      this.dataSource,
      {
        select: `u.email AS "staffEmail", v.thread_id AS "threadId", t.subject, v.viewed_at AS "viewedAt"`,
        from: 'thread_views v JOIN staff_users u ON u.id = v.staff_id JOIN threads t ON t.id = v.thread_id',
        where: 'v.pairing_id = $1',
        params: [pairingId],
        search: ['u.email', 't.subject'],
        sorts: READ_SORTS,
        order: 'v.viewed_at DESC, v.id',
      },
      req,
      pageSize,
    );
  }
}
