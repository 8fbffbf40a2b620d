import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactor } from '../database/transactor';
import { PreferencesRepository } from './preferences.repository';
import { ScheduleRepository } from './schedule/schedule.repository';

const WEEK_MS = 7 * 86_400_000;

/**
 * What a participant can change without a login: by email command or one-click unsubscribe.
 * Dispatch checks these again, so a change made after a send was queued still stops it.
 */
@Injectable()
export class PreferencesService {
  constructor(
    private readonly repo: PreferencesRepository,
    private readonly schedules: ScheduleRepository,
    private readonly transactor: Transactor,
  ) {}

  async pause(participantId: string, weeks: number, now: Date, tx: EntityManager): Promise<Date> {
    const until = new Date(now.getTime() + weeks * WEEK_MS);
    await this.repo.setPausedUntil(participantId, until, tx);
    return until;
  }

  async resume(participantId: string, tx: EntityManager): Promise<void> {
    await this.repo.setPausedUntil(participantId, null, tx);
  }

  /** No more prompts or digests; the relay keeps working. Returns false when already stopped. */
  async stop(participantId: string, now: Date, tx?: EntityManager): Promise<boolean> {
    const work = async (m: EntityManager) => {
      const changed = await this.repo.stop(participantId, now, m);
      await this.schedules.stopAll(participantId, m);
      return changed;
    };
    return tx ? work(tx) : this.transactor.run(work);
  }
}
