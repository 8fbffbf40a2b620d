import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ClosingNotices } from '../../closing/closing-notices';
import { addDaysIso } from '../../closing/format-day';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import { ProgramsRepository, type PairingWithMembers } from '../../programs/programs.repository';
import { curriculumOf } from '../curricula';
import type { Curriculum } from '../library/prompt-types';
import { LetterReturnService } from '../letters/letter-return.service';
import { PromptIssuer } from './prompt-issuer';

/**
 * The planned end of a pair, by date (the pair's `ends_on`, else its programme's), in UTC days:
 * "two weeks left" 14 days before, the closing reflection with the returned letters 7 days before,
 * the close survey 4 days before (answered by reply while the address still reads replies), and
 * the day after the end date the pair is ended, read-only, each member told kindly.
 */
export const PLANNED_END_STEPS = { twoWeeksLeft: 14, reflection: 7, survey: 4 } as const;

const LETTER_KEYS = ['letter-to-future-self'];

@Injectable()
export class PlannedEndService {
  constructor(
    private readonly programs: ProgramsRepository,
    private readonly notices: ClosingNotices,
    private readonly issuer: PromptIssuer,
    private readonly letters: LetterReturnService,
  ) {}

  /**
   * What is due at `now` for every pair ending within two weeks; repeats are no-ops (dedupe keys).
   * `endedPaused`: pairs ended while paused, whose held mail the caller releases after the commit
   * (answered with the ended notice instead of waiting for ever).
   */
  async queueDue(tx: EntityManager, now: Date): Promise<{ deliveries: Delivery[]; endedPaused: string[] }> {
    const today = now.toISOString().slice(0, 10);
    const ending = await this.programs.endingBy(addDaysIso(today, PLANNED_END_STEPS.twoWeeksLeft), tx);
    const deliveries: Delivery[] = [];
    const endedPaused: string[] = [];
    for (const { id, endsOn } of ending) {
      const found = await this.programs.findPairing(id, tx);
      if (!found) continue;
      const daysLeft = (Date.parse(endsOn) - Date.parse(today)) / 86_400_000;
      if (daysLeft < 0) {
        if (await this.programs.endPastPlannedEnd(id, today, now, tx)) {
          deliveries.push(...(await this.notices.ended(tx, found, 'planned-end')));
          if (found.pairing.status === 'paused') endedPaused.push(id);
        }
        continue;
      }
      deliveries.push(...(await this.notices.twoWeeksLeft(tx, found, endsOn)));
      if (daysLeft <= PLANNED_END_STEPS.reflection)
        deliveries.push(...(await this.closingItem(tx, found, 'closing-reflection', now, true)));
      if (daysLeft <= PLANNED_END_STEPS.survey)
        deliveries.push(...(await this.closingItem(tx, found, 'close-survey', now, false)));
    }
    return { deliveries, endedPaused };
  }

  /**
   * A closing prompt to every member, at the curriculum step that holds it: if the curriculum
   * reaches that step later, the same dedupe key makes it send nothing twice.
   */
  private async closingItem(
    tx: EntityManager,
    found: PairingWithMembers,
    promptKey: string,
    now: Date,
    withLetters: boolean,
  ): Promise<Delivery[]> {
    const slot = slotOf(curriculumOf(found.pairing.kind, found.programme.curriculumKey), promptKey);
    const out: Delivery[] = [];
    for (const m of found.members) {
      const to = { participantId: m.id, pairingId: found.pairing.id, email: m.email };
      out.push(...(await this.issuer.issue(tx, to, slot, promptKey, now)));
      // Held while the author is paused; the tick returns it after the pause, even past the end.
      if (withLetters)
        out.push(
          ...(await this.letters.queueKeys(tx, { ...to, pausedUntil: m.pausedUntil }, LETTER_KEYS, now)),
        );
    }
    return out;
  }
}

/** Where the curriculum has this prompt; past its last week when it has none. */
function slotOf(curriculum: Curriculum, promptKey: string): { week: number; item: number } {
  for (const step of curriculum.steps) {
    const item = step.items.findIndex((i) => i.promptKey === promptKey);
    if (item >= 0) return { week: step.week, item };
  }
  return { week: curriculum.weeks + 1, item: promptKey === 'close-survey' ? 1 : 0 };
}
