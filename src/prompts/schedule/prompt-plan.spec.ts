import { DEFAULT_CURRICULUM } from '../library/default-curriculum';
import type { Curriculum } from '../library/prompt-types';
import { firstSlot, following, planDue, slotAt, type Cadence } from './prompt-plan';

const TWELVE_H = 12 * 3_600_000;
const ny: Cadence = { zone: 'America/New_York', weekday: 2, hour: 9, curriculum: DEFAULT_CURRICULUM };

describe('prompt plan', () => {
  it('starts on the next send day and walks the items of each week at their day offsets', () => {
    // Sunday 1 March 2026: the first Tuesday is 3 March, 09:00 EST = 14:00Z.
    const first = firstSlot(ny, new Date('2026-03-01T12:00:00Z'))!;
    expect(first).toMatchObject({ week: 1, item: 0, weekStart: '2026-03-03' });
    expect(first.at.toISOString()).toBe('2026-03-03T14:00:00.000Z');
    // Week 1's second item is three days later.
    const second = following(ny, first)!;
    expect(second).toMatchObject({ week: 1, item: 1 });
    expect(second.at.toISOString()).toBe('2026-03-06T14:00:00.000Z');
    // The third (the reply-day poll) the day after.
    const third = following(ny, second)!;
    expect(third).toMatchObject({ week: 1, item: 2 });
    expect(third.at.toISOString()).toBe('2026-03-07T14:00:00.000Z');
    // Week 2 starts the next Tuesday, after the 8 March change: 09:00 EDT = 13:00Z.
    const week2 = following(ny, third)!;
    expect(week2).toMatchObject({ week: 2, item: 0, weekStart: '2026-03-10' });
    expect(week2.at.toISOString()).toBe('2026-03-10T13:00:00.000Z');
  });

  it('ends after the last item of the last week', () => {
    const last = DEFAULT_CURRICULUM.steps[11];
    const slot = slotAt(ny, 12, last.items.length - 1, '2026-06-02')!;
    expect(following(ny, slot)).toBeNull();
  });

  it('applies an edited weekday and hour from the next week', () => {
    const slot = slotAt(ny, 2, 1, '2026-03-10')!; // mood poll, Saturday 14 March
    const edited = following({ ...ny, weekday: 4, hour: 18 }, slot)!;
    expect(edited).toMatchObject({ week: 3, item: 0, weekStart: '2026-03-19' });
    expect(edited.at.toISOString()).toBe('2026-03-19T22:00:00.000Z');
  });

  it('sends an item that is a little late', () => {
    const due = firstSlot(ny, new Date('2026-03-01T12:00:00Z'))!;
    const plan = planDue(ny, due, new Date(due.at.getTime() + 3 * 3_600_000), TWELVE_H);
    expect(plan.send).toEqual(due);
    expect(plan.skipped).toEqual([]);
    expect(plan.next).toMatchObject({ week: 1, item: 1 });
  });

  it('after a three-day outage skips what is stale and never sends more than one', () => {
    const due = firstSlot(ny, new Date('2026-03-01T12:00:00Z'))!; // Tue 3 March
    // Back on Friday 6 March at 15:00Z: item 1 (Fri 14:00Z) is an hour late and catches up.
    const plan = planDue(ny, due, new Date('2026-03-06T15:00:00Z'), TWELVE_H);
    expect(plan.skipped.map((s) => [s.slot.week, s.slot.item, s.reason])).toEqual([[1, 0, 'superseded']]);
    expect(plan.send).toMatchObject({ week: 1, item: 1 });
    // Back on Monday 9 March: all week-1 items are stale; nothing goes out until Tuesday.
    const late = planDue(ny, due, new Date('2026-03-09T20:00:00Z'), TWELVE_H);
    expect(late.send).toBeNull();
    expect(late.skipped.map((s) => s.reason)).toEqual(['superseded', 'superseded', 'late']);
    expect(late.next).toMatchObject({ week: 2, item: 0 });
    expect(late.next!.at > new Date('2026-03-09T20:00:00Z')).toBe(true);
  });

  it('keeps items of the same day in order', () => {
    const sameDay: Curriculum = {
      key: 't',
      name: 't',
      weeks: 1,
      steps: [
        {
          week: 1,
          items: [
            { promptKey: 'a', dayOffset: 0 },
            { promptKey: 'b', dayOffset: 0 },
          ],
          swapKeys: [],
        },
      ],
    };
    const c = { ...ny, curriculum: sameDay };
    const first = firstSlot(c, new Date('2026-03-01T12:00:00Z'))!;
    expect(following(c, first)!.at.getTime()).toBe(first.at.getTime() + 3_600_000);
  });
});
