import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactor } from '../database/transactor';
import type { OptOutVia } from '../programs/entities/participant.entity';
import { CLOCK, type Clock } from './clock';
import { PreferencesRepository } from './preferences.repository';
import { ScheduleResumeService, type NextPrompt } from './schedule/schedule-resume.service';
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
    private readonly resumer: ScheduleResumeService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async pause(participantId: string, weeks: number, now: Date, tx: EntityManager): Promise<Date> {
    const until = new Date(now.getTime() + weeks * WEEK_MS);
    await this.repo.setPausedUntil(participantId, until, tx);
    return until;
  }

  /**
   * Lifts a pause and a stop alike (#stop, the unsubscribe link, a complaint): whoever asks by
   * email for prompts again gets them. Returns the next prompt when the schedule has one.
   */
  async resume(participantId: string, tx: EntityManager): Promise<NextPrompt | undefined> {
    const now = this.clock.now();
    await this.repo.setPausedUntil(participantId, null, tx);
    if (await this.repo.clearStop(participantId, tx)) await this.resumer.reopen(participantId, now, tx);
    return this.resumer.nextPrompt(participantId, now, tx);
  }

  /** No more prompts or digests; the relay keeps working. Returns false when already stopped. */
  async stop(participantId: string, now: Date, via: OptOutVia, tx?: EntityManager): Promise<boolean> {
    const work = async (m: EntityManager) => {
      const changed = await this.repo.stop(participantId, now, via, m);
      await this.schedules.stopAll(participantId, m);
      return changed;
    };
    return tx ? work(tx) : this.transactor.run(work);
  }
}
