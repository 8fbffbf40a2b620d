import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactor } from '../database/transactor';
import { screeningOn } from './entities/programme.entity';
import { ProgramsRepository } from './programs.repository';
import { ProgramsService } from './programs.service';
import { SCREENING_NAME } from './screening-checks';
import { ScreeningLapseRepository, type LapsedRecord } from './screening-lapse.repository';

/**
 * A mentor's background check or training that has outlived its programme's validity is cleared
 * on the schedule tick, as staff clearing it would be: where the programme screens mentors, their
 * active pairs as the mentor pause (the pair's history says which record lapsed) and they leave
 * the circles they lead and their rooms. Staff see it in the work queue (`screening_missing`) and
 * renew it on the participant page; the weekly digest warns of records about to lapse.
 */
@Injectable()
export class ScreeningLapseService {
  private readonly logger = new Logger(ScreeningLapseService.name);

  constructor(
    private readonly repo: ScreeningLapseRepository,
    private readonly programs: ProgramsRepository,
    private readonly programsService: ProgramsService,
    private readonly transactor: Transactor,
  ) {}

  /** Returns how many people had a record cleared. */
  async run(now: Date): Promise<number> {
    let cleared = 0;
    for (const record of await this.repo.lapsed(now)) {
      if (await this.transactor.run((tx) => this.clearOne(record, now, tx))) cleared++;
    }
    if (cleared)
      this.logger.log({ screeningLapsed: cleared }, `screening lapsed for ${cleared} participant(s)`);
    return cleared;
  }

  private async clearOne(record: LapsedRecord, now: Date, tx: EntityManager): Promise<boolean> {
    const cleared = await this.repo.clear(record.participantId, now, tx);
    if (!cleared.length) return false;
    const programme = await this.programs.findProgramme(record.programmeId, tx);
    if (programme && screeningOn(programme)) {
      const what = cleared.map((c) => SCREENING_NAME[c]).join(' and ');
      const note = `${record.name}'s ${what} lapsed (valid for ${record.validMonths} months)`;
      await this.programsService.withdrawMentor(record.participantId, now, { staffId: null, note }, tx);
    }
    return true;
  }
}
