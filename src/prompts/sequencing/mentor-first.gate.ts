import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Curriculum } from '../library/prompt-types';
import { PairingPromptsRepository } from '../pairing-prompts.repository';
import type { Slot } from '../schedule/prompt-plan';
import { ScheduleRepository } from '../schedule/schedule.repository';
import { PromptAnswersRepository } from './prompt-answers.repository';

const DAY_MS = 86_400_000;

/**
 * The mentee's part of a mentor-first step waits for the mentor's answer: it goes out once the
 * answer is kept (the answer hook wakes the row) or when the wait ends, whichever comes first.
 */
@Injectable()
export class MentorFirstGate {
  constructor(
    private readonly prompts: PairingPromptsRepository,
    private readonly answers: PromptAnswersRepository,
    private readonly schedules: ScheduleRepository,
  ) {}

  /**
   * Until when this member's item is held, or null to send it now. `slotAt` is the item's own
   * time by the curriculum (not a held or woken send time), from which the wait is counted.
   */
  async heldUntil(
    tx: EntityManager,
    curriculum: Curriculum,
    to: { pairingId: string; role: string | null },
    slot: Slot,
    slotAt: Date,
    now: Date,
  ): Promise<Date | null> {
    const item = curriculum.steps[slot.week - 1]?.items[slot.item];
    if (!item?.mentorFirst || to.role !== 'mentee') return null;
    const issued = await this.prompts.findStep(to.pairingId, slot.week, slot.item, tx);
    // Each member may have their own weekday (the reply-day poll): the wait counts from the later
    // of this member's slot and the mentor's part going out, or being due to.
    const mentorAt =
      issued?.issuedAt ?? (await this.schedules.mentorStepDueAt(tx, to.pairingId, slot, now)) ?? slotAt;
    const from = mentorAt > slotAt ? mentorAt : slotAt;
    const deadline = new Date(from.getTime() + item.mentorFirst.waitDays * DAY_MS);
    if (now >= deadline) return null;
    if (!issued) return deadline; // the mentor's part has not even gone out yet
    const answers = await this.answers.forPrompt(issued.id, tx);
    return answers.some((a) => a.role === 'mentor') ? null : deadline;
  }
}
