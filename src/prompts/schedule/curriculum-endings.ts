import type { Curriculum, CurriculumNotice } from '../library/prompt-types';
import { following, type Cadence, type Slot } from './prompt-plan';

const NUMBER_WORDS = ['No', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten'];

/**
 * Which of the step's ending emails go with this member's item `sent`: "two weeks left" with the
 * first item sent in its week (later items of the week find it queued already), "closing" once
 * the week's last item has gone, when `next` is in a later week or there is none.
 */
export function endingsDue(curriculum: Curriculum, sent: Slot, next: Slot | null): CurriculumNotice[] {
  const notices = curriculum.steps[sent.week - 1]?.notices ?? [];
  const weekDone = !next || next.week !== sent.week;
  return notices.filter((n) => n === 'two-weeks-left' || weekDone);
}

/** "Two weeks" for the weeks from `week` to the end, this one included. */
export function weeksLeftTitle(curriculum: Curriculum, week: number): string {
  const left = Math.max(1, curriculum.weeks - week + 1);
  const word = NUMBER_WORDS[left] ?? String(left);
  return `${word} ${left === 1 ? 'week' : 'weeks'}`;
}

/** When this member's last curriculum item is planned, walking the plan from `from`. */
export function lastPlanned(cadence: Cadence, from: Slot): Slot {
  let last = from;
  // Bounded: a curriculum has a few dozen items at most.
  for (let next = following(cadence, last), guard = 0; next && guard < 500; guard++) {
    last = next;
    next = following(cadence, last);
  }
  return last;
}
