import type { Curriculum } from '../library/prompt-types';
import { endingsDue, lastPlanned, weeksLeftTitle } from './curriculum-endings';
import type { Cadence, Slot } from './prompt-plan';

const curriculum: Curriculum = {
  key: 'spec',
  name: 'Spec',
  weeks: 3,
  steps: [
    { week: 1, items: [{ promptKey: 'a', dayOffset: 0 }], swapKeys: [] },
    {
      week: 2,
      items: [
        { promptKey: 'b', dayOffset: 0 },
        { promptKey: 'c', dayOffset: 2 },
      ],
      swapKeys: [],
      notices: ['two-weeks-left'],
    },
    {
      week: 3,
      items: [
        { promptKey: 'd', dayOffset: 0 },
        { promptKey: 'e', dayOffset: 3 },
      ],
      swapKeys: [],
      notices: ['closing'],
    },
  ],
};

const slot = (week: number, item: number): Slot => ({
  week,
  item,
  weekStart: '2026-03-03',
  at: new Date('2026-03-03T09:00:00Z'),
});

describe('curriculum endings', () => {
  it('sends "two weeks left" with any item of its week (the dedupe key keeps it to one)', () => {
    expect(endingsDue(curriculum, slot(2, 0), slot(2, 1))).toEqual(['two-weeks-left']);
    expect(endingsDue(curriculum, slot(2, 1), slot(3, 0))).toEqual(['two-weeks-left']);
    expect(endingsDue(curriculum, slot(1, 0), slot(2, 0))).toEqual([]);
  });

  it('sends the closing email only once its week is done', () => {
    expect(endingsDue(curriculum, slot(3, 0), slot(3, 1))).toEqual([]);
    expect(endingsDue(curriculum, slot(3, 1), null)).toEqual(['closing']);
  });

  it('counts the weeks left from the curriculum, this week included', () => {
    expect(weeksLeftTitle(curriculum, 2)).toBe('Two weeks');
    expect(weeksLeftTitle(curriculum, 3)).toBe('One week');
    expect(weeksLeftTitle({ ...curriculum, weeks: 14 }, 1)).toBe('14 weeks');
  });

  it("finds the member's last planned item in their own zone and send day", () => {
    const cadence: Cadence = { zone: 'Europe/Berlin', weekday: 2, hour: 9, curriculum };
    const last = lastPlanned(cadence, { ...slot(2, 0), at: new Date('2026-03-03T08:00:00Z') });
    // Week 3 starts the next Tuesday (10 March); its second item is 3 days later, 09:00 CET.
    expect([last.week, last.item, last.at.toISOString()]).toEqual([3, 1, '2026-03-13T08:00:00.000Z']);
  });
});
