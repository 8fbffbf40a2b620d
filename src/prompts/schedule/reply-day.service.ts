import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { curriculumOf } from '../curricula';
import { REPLY_DAY_POLL, REPLY_DAYS } from '../library/prompts-check-ins';
import { PreferencesRepository } from '../preferences.repository';
import { isValidZone, localDateOf, nextLocalSendTime } from './local-time';
import { slotAt } from './prompt-plan';
import { ScheduleRepository, type OwnRow } from './schedule.repository';

/** What a reply-day vote changed, for the confirmation to say. */
export interface ReplyDayChange {
  day: (typeof REPLY_DAYS)[number];
  /** The next weekly prompt's new time, when this vote moved it. */
  nextAt: Date | null;
}

/**
 * The "best reply day" poll promises "from next week your prompts arrive on the day you choose":
 * a vote sets the voter's own weekday (the programme's stays everyone else's, the partner's
 * included) and moves their next week's first prompt to it, at the programme's hour in their
 * own zone. A week already under way keeps its days; a later vote changes it again.
 */
@Injectable()
export class ReplyDayService {
  constructor(
    private readonly preferences: PreferencesRepository,
    private readonly schedules: ScheduleRepository,
  ) {}

  /** Applies a vote on `promptKey`'s option; null when the poll is not the reply-day poll. */
  async applyVote(
    vote: { participantId: string; promptKey: string; optionLabel: string },
    now: Date,
    tx: EntityManager,
  ): Promise<ReplyDayChange | null> {
    if (vote.promptKey !== REPLY_DAY_POLL) return null;
    const weekday = REPLY_DAYS.findIndex((d) => d === vote.optionLabel) + 1;
    if (weekday === 0) return null;
    await this.preferences.setSendWeekday(vote.participantId, weekday, tx);
    return { day: REPLY_DAYS[weekday - 1], nextAt: await this.moveNextWeek(vote.participantId, now, tx) };
  }

  /**
   * The cursor at a week's first item not yet sent: that week starts on the new day. Read after
   * the update, so the row's cadence already carries the chosen weekday. A row held for the
   * mentor, stopped, or due now is left to the tick; later weeks follow the new day anyway.
   */
  private async moveNextWeek(participantId: string, now: Date, tx: EntityManager): Promise<Date | null> {
    // Each of their pairings' rows (a pair and a circle) moves; the confirmation names the soonest.
    let soonest: Date | null = null;
    for (const row of (await this.schedules.lockOwnRows(participantId, tx)).filter(
      (r) => r.stream === 'prompt',
    )) {
      const at = await this.moveRow(row, now, tx);
      if (at && (!soonest || at < soonest)) soonest = at;
    }
    return soonest;
  }

  private async moveRow(row: OwnRow, now: Date, tx: EntityManager): Promise<Date | null> {
    if (!row.nextRunAt || row.nextRunAt <= now || !row.weekStart || row.item !== 0 || row.waitingForMentor)
      return null;
    const zone = isValidZone(row.timeZone) ? row.timeZone : 'UTC';
    const cadence = {
      zone,
      weekday: row.sendWeekday,
      hour: row.sendHour,
      curriculum: curriculumOf(row.pairingKind, row.curriculumKey),
    };
    const weekStart = localDateOf(nextLocalSendTime(zone, row.sendWeekday, row.sendHour, now), zone);
    const slot = slotAt(cadence, row.week, 0, weekStart);
    if (!slot) return null;
    await this.schedules.update(row.id, { nextRunAt: slot.at, weekStart: slot.weekStart }, tx);
    return slot.at;
  }
}
