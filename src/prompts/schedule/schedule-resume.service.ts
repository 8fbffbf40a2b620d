import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { curriculumOf } from '../curricula';
import { findPrompt } from '../library/prompt-library';
import { isValidZone, nextLocalSendTime } from './local-time';
import { firstSlot, promptKeyOf, slotAt, type Cadence } from './prompt-plan';
import { ScheduleRepository, type OwnRow } from './schedule.repository';

export interface NextPrompt {
  at: Date;
  title: string;
}

/**
 * #resume after #stop or the unsubscribe link: a stop cleared every next send time, so both
 * streams start again here. The prompt cursor is kept, so the curriculum goes on where it was
 * (the tick skips what fell due meanwhile, as after downtime); the digest takes its next weekly slot.
 */
@Injectable()
export class ScheduleResumeService {
  constructor(
    private readonly schedules: ScheduleRepository,
    private readonly config: AppConfig,
  ) {}

  async reopen(participantId: string, now: Date, tx: EntityManager): Promise<void> {
    for (const row of await this.schedules.lockOwnRows(participantId, tx)) {
      if (row.nextRunAt) continue;
      const zone = isValidZone(row.timeZone) ? row.timeZone : 'UTC';
      if (row.stream === 'digest') {
        const { DIGEST_WEEKDAY, DIGEST_HOUR } = this.config.env;
        await this.schedules.update(
          row.id,
          { nextRunAt: nextLocalSendTime(zone, DIGEST_WEEKDAY, DIGEST_HOUR, now) },
          tx,
        );
        continue;
      }
      const cadence = this.cadence(row, zone);
      const slot = row.weekStart
        ? slotAt(cadence, row.week, row.item, row.weekStart)
        : firstSlot(cadence, now);
      // Past the curriculum's end: nothing more to send, the row stays closed.
      if (!slot) continue;
      await this.schedules.update(
        row.id,
        { nextRunAt: slot.at, week: slot.week, item: slot.item, weekStart: slot.weekStart },
        tx,
      );
    }
  }

  /** The participant's next prompt as the schedule has it now, for a confirmation to name. */
  async nextPrompt(participantId: string, now: Date, tx: EntityManager): Promise<NextPrompt | undefined> {
    // The soonest of their pairings' rows (a pair and a circle each have one). A cursor already
    // due is the tick's to send or skip as late: no promise about it.
    const row = (await this.schedules.lockOwnRows(participantId, tx))
      .filter((r) => r.stream === 'prompt' && r.nextRunAt && r.nextRunAt > now)
      .sort((a, b) => a.nextRunAt!.getTime() - b.nextRunAt!.getTime())[0];
    if (!row?.nextRunAt) return undefined;
    const key = promptKeyOf(curriculumOf(row.pairingKind, row.curriculumKey), row);
    const title = key ? findPrompt(key)?.title : undefined;
    return title ? { at: row.nextRunAt, title } : undefined;
  }

  private cadence(row: OwnRow, zone: string): Cadence {
    return {
      zone,
      weekday: row.sendWeekday,
      hour: row.sendHour,
      curriculum: curriculumOf(row.pairingKind, row.curriculumKey),
    };
  }
}
