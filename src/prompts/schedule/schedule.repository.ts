import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Schedule, type ScheduleStream } from '../entities/schedule.entity';

/** A due row with what the tick needs to decide about it, read in the claiming statement. */
export interface ClaimedRow {
  id: string;
  participantId: string;
  pairingId: string;
  nextRunAt: Date;
  week: number;
  item: number;
  weekStart: string | null;
  email: string;
  timeZone: string;
  promptsStoppedAt: Date | null;
  pausedUntil: Date | null;
  pairingStatus: string | null;
  isMember: boolean;
  sendWeekday: number;
  sendHour: number;
  curriculumKey: string;
  /** 'circle' follows the circle curriculum, whatever the programme chose for its pairs. */
  pairingKind: string;
  /** The member's role in this pairing (mentor-first steps hold the mentee's part). */
  role: string | null;
  /** #swap: what this member gets instead of the step at the cursor. */
  swapKey: string | null;
}

export interface Unscheduled {
  participantId: string;
  pairingId: string;
  timeZone: string;
  sendWeekday: number;
  sendHour: number;
  curriculumKey: string;
  pairingKind: string;
}

/** One of a participant's rows with the cadence it runs on (for #resume after a stop). */
export interface OwnRow {
  id: string;
  stream: ScheduleStream;
  nextRunAt: Date | null;
  week: number;
  item: number;
  weekStart: string | null;
  timeZone: string;
  sendWeekday: number;
  sendHour: number;
  curriculumKey: string;
  pairingKind: string;
  waitingForMentor: boolean;
}

export interface CursorUpdate {
  nextRunAt: Date | null;
  week?: number;
  item?: number;
  weekStart?: string | null;
  waitingForMentor?: boolean;
  swapKey?: string | null;
  lastSentAt?: Date;
}

@Injectable()
export class ScheduleRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /**
   * Members of active pairings and circles who still want mail and have no row for the stream yet:
   * prompts one row per participant and pairing (someone in a pair and a circle follows both
   * curricula, one email a slot: see the tick), the digest one per participant (its pairing is
   * the older one).
   */
  async findUnscheduled(stream: ScheduleStream, limit: number, tx?: EntityManager): Promise<Unscheduled[]> {
    const rows: Record<string, unknown>[] = await this.m(tx).query(
      `SELECT DISTINCT ON (pm.participant_id, CASE WHEN $1 = 'prompt' THEN pm.pairing_id END)
              pm.participant_id, pm.pairing_id, p.time_zone,
              COALESCE(p.send_weekday, pr.send_weekday) AS send_weekday, pr.send_hour, pr.curriculum_key, pa.kind AS pairing_kind
         FROM pairing_members pm
         JOIN pairings pa ON pa.id = pm.pairing_id AND pa.status = 'active'
          -- A topic room has no curriculum: its members' prompts and welcomes come from elsewhere.
          AND pa.kind <> 'room'
         JOIN participants p ON p.id = pm.participant_id AND p.prompts_stopped_at IS NULL
         JOIN programmes pr ON pr.id = pa.programme_id
        -- A circle member who left (#leave) gets nothing more.
        WHERE pm.left_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM schedules s WHERE s.participant_id = pm.participant_id AND s.stream = $1
                            AND ($1 = 'digest' OR s.pairing_id = pm.pairing_id))
        ORDER BY pm.participant_id, CASE WHEN $1 = 'prompt' THEN pm.pairing_id END, pa.created_at
        LIMIT $2`,
      [stream, limit],
    );
    return rows.map((r) => ({
      participantId: r.participant_id as string,
      pairingId: r.pairing_id as string,
      timeZone: r.time_zone as string,
      sendWeekday: Number(r.send_weekday),
      sendHour: Number(r.send_hour),
      curriculumKey: r.curriculum_key as string,
      pairingKind: r.pairing_kind as string,
    }));
  }

  /** The next prompt times already scheduled for each of these participants, as epoch ms. */
  async promptTimes(participantIds: string[], tx?: EntityManager): Promise<Map<string, Set<number>>> {
    const out = new Map<string, Set<number>>();
    if (participantIds.length === 0) return out;
    const rows: { participant_id: string; next_run_at: Date }[] = await this.m(tx).query(
      `SELECT participant_id, next_run_at FROM schedules
        WHERE stream = 'prompt' AND next_run_at IS NOT NULL AND participant_id = ANY($1::uuid[])`,
      [participantIds],
    );
    for (const r of rows)
      out.set(r.participant_id, (out.get(r.participant_id) ?? new Set()).add(r.next_run_at.getTime()));
    return out;
  }

  /** Inserts rows; one that exists already (another worker seeded it) is left alone. */
  async insertMany(rows: Partial<Schedule>[], tx?: EntityManager): Promise<void> {
    if (rows.length === 0) return;
    await this.m(tx).createQueryBuilder().insert().into(Schedule).values(rows).orIgnore().execute();
  }

  /**
   * Claims due prompt rows: FOR UPDATE SKIP LOCKED, so workers ticking together split the
   * work instead of sending twice. The locks last until the caller's transaction ends.
   */
  async claimDuePrompts(tx: EntityManager, now: Date, limit: number): Promise<ClaimedRow[]> {
    const rows: Record<string, unknown>[] = await tx.query(
      `SELECT s.id, s.participant_id, s.pairing_id, s.next_run_at, s.week, s.item, s.swap_key,
              to_char(s.week_start, 'YYYY-MM-DD') AS week_start,
              p.email, p.time_zone, p.prompts_stopped_at, p.paused_until,
              pa.status AS pairing_status, pm.participant_id IS NOT NULL AS is_member, pm.role,
              COALESCE(p.send_weekday, pr.send_weekday) AS send_weekday, pr.send_hour, pr.curriculum_key, pa.kind AS pairing_kind
         FROM schedules s
         JOIN participants p ON p.id = s.participant_id
         LEFT JOIN pairings pa ON pa.id = s.pairing_id
         LEFT JOIN pairing_members pm
           ON pm.pairing_id = s.pairing_id AND pm.participant_id = s.participant_id AND pm.left_at IS NULL
         LEFT JOIN programmes pr ON pr.id = pa.programme_id
        WHERE s.stream = 'prompt' AND s.next_run_at <= $1
        ORDER BY s.next_run_at
        LIMIT $2
        FOR UPDATE OF s SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((r) => ({
      id: r.id as string,
      participantId: r.participant_id as string,
      pairingId: r.pairing_id as string,
      nextRunAt: r.next_run_at as Date,
      week: Number(r.week),
      item: Number(r.item),
      weekStart: (r.week_start as string | null) ?? null,
      email: r.email as string,
      timeZone: r.time_zone as string,
      promptsStoppedAt: (r.prompts_stopped_at as Date | null) ?? null,
      pausedUntil: (r.paused_until as Date | null) ?? null,
      pairingStatus: (r.pairing_status as string | null) ?? null,
      isMember: Boolean(r.is_member),
      sendWeekday: Number(r.send_weekday ?? 2),
      sendHour: Number(r.send_hour ?? 9),
      curriculumKey: (r.curriculum_key as string | null) ?? '',
      pairingKind: (r.pairing_kind as string | null) ?? 'pair',
      role: (r.role as string | null) ?? null,
      swapKey: (r.swap_key as string | null) ?? null,
    }));
  }

  /**
   * The mentor answered a mentor-first step: the other members' rows held for it are due now.
   * Only held rows, so a mentee whose slot has not come yet still gets it at their own hour.
   */
  async wakeHeld(
    pairingId: string,
    step: { week: number; item: number },
    exceptParticipantId: string,
    now: Date,
    tx: EntityManager,
  ): Promise<void> {
    await tx.query(
      `UPDATE schedules SET next_run_at = $5
        WHERE pairing_id = $1 AND stream = 'prompt' AND week = $2 AND item = $3
          AND participant_id <> $4 AND waiting_for_mentor AND next_run_at > $5`,
      [pairingId, step.week, step.item, exceptParticipantId, now],
    );
  }

  /**
   * When a mentor of the pairing is due to get this step's shared prompt, if still to come (their
   * own weekday may fall after the mentee's). A stopped row or a swapped step promises nothing.
   */
  async mentorStepDueAt(
    tx: EntityManager,
    pairingId: string,
    step: { week: number; item: number },
    now: Date,
  ): Promise<Date | null> {
    const rows: { next_run_at: Date }[] = await tx.query(
      `SELECT s.next_run_at FROM schedules s
         JOIN pairing_members pm
           ON pm.pairing_id = s.pairing_id AND pm.participant_id = s.participant_id AND pm.role = 'mentor'
        WHERE s.pairing_id = $1 AND s.stream = 'prompt' AND s.week = $2 AND s.item = $3
          AND s.next_run_at > $4 AND s.swap_key IS NULL
        ORDER BY s.next_run_at
        LIMIT 1`,
      [pairingId, step.week, step.item, now],
    );
    return rows[0]?.next_run_at ?? null;
  }

  /**
   * Whether `participantId`'s prompt slot at `now` belongs to another of their pairings: one of
   * their other prompt rows sent within `windowMs`, or a pair's row is due and not yet handled
   * (a pair goes first; it may sit in a later batch or on another worker). Pairs never wait,
   * so nothing can wait forever.
   */
  async slotTaken(
    tx: EntityManager,
    row: { id: string; participantId: string },
    now: Date,
    windowMs: number,
  ): Promise<boolean> {
    const rows: { taken: boolean }[] = await tx.query(
      `SELECT EXISTS (
         SELECT 1 FROM schedules s JOIN pairings pa ON pa.id = s.pairing_id
          WHERE s.participant_id = $1 AND s.stream = 'prompt' AND s.id <> $2
            AND (s.last_sent_at > $3::timestamptz - make_interval(secs => $4 / 1000.0)
                 OR (pa.kind = 'pair' AND pa.status = 'active' AND s.next_run_at <= $3))
       ) AS taken`,
      [row.participantId, row.id, now, windowMs],
    );
    return rows[0]?.taken ?? false;
  }

  async update(id: string, values: CursorUpdate, tx?: EntityManager): Promise<void> {
    await this.m(tx).update(Schedule, { id }, values);
  }

  /** A participant's prompt row in one pairing, or their digest row. */
  find(
    participantId: string,
    stream: ScheduleStream,
    pairingId: string,
    tx?: EntityManager,
  ): Promise<Schedule | null> {
    return this.m(tx).findOneBy(
      Schedule,
      stream === 'prompt' ? { participantId, stream, pairingId } : { participantId, stream },
    );
  }

  /** A participant's rows, locked, with their cadence (their own weekday once they chose one). */
  async lockOwnRows(participantId: string, tx: EntityManager): Promise<OwnRow[]> {
    const rows: Record<string, unknown>[] = await tx.query(
      `SELECT s.id, s.stream, s.next_run_at, s.week, s.item, s.waiting_for_mentor,
              to_char(s.week_start, 'YYYY-MM-DD') AS week_start, p.time_zone,
              COALESCE(p.send_weekday, pr.send_weekday) AS send_weekday, pr.send_hour, pr.curriculum_key, pa.kind AS pairing_kind
         FROM schedules s
         JOIN participants p ON p.id = s.participant_id
         JOIN pairings pa ON pa.id = s.pairing_id
         JOIN programmes pr ON pr.id = pa.programme_id
        WHERE s.participant_id = $1
        FOR UPDATE OF s`,
      [participantId],
    );
    return rows.map((r) => ({
      id: r.id as string,
      stream: r.stream as ScheduleStream,
      nextRunAt: (r.next_run_at as Date | null) ?? null,
      week: Number(r.week),
      item: Number(r.item),
      weekStart: (r.week_start as string | null) ?? null,
      timeZone: r.time_zone as string,
      sendWeekday: Number(r.send_weekday),
      sendHour: Number(r.send_hour),
      curriculumKey: r.curriculum_key as string,
      pairingKind: r.pairing_kind as string,
      waitingForMentor: Boolean(r.waiting_for_mentor),
    }));
  }

  /** Locks one participant's prompt row of one pairing for a change made outside the tick (#skip). */
  async lockPrompt(participantId: string, pairingId: string, tx: EntityManager): Promise<Schedule | null> {
    return tx
      .createQueryBuilder(Schedule, 's')
      .setLock('pessimistic_write')
      .where(`s.participant_id = :participantId AND s.pairing_id = :pairingId AND s.stream = 'prompt'`, {
        participantId,
        pairingId,
      })
      .getOne();
  }

  /** #stop and one-click unsubscribe: nothing more on either stream. */
  async stopAll(participantId: string, tx?: EntityManager): Promise<void> {
    await this.m(tx).update(Schedule, { participantId }, { nextRunAt: null });
  }
}
