import type { Curriculum } from './prompt-types';

/**
 * Seven weeks for a circle: one group prompt a week, a second one mid-week at most. Every member
 * gets each step at their own local hour, as in pairs; nothing is mentor-first (a member never
 * waits for a lead) and nothing can be swapped (the light swaps are written for two people).
 * No two-weeks-left or closing notices: theirs speak of a partner; the closing round says it.
 */
export const CIRCLE_CURRICULUM: Curriculum = {
  key: 'circle-7-week',
  name: 'Seven weeks of group mentoring (circles)',
  weeks: 7,
  steps: [
    { week: 1, items: [{ promptKey: 'circle-introductions', dayOffset: 0 }], swapKeys: [] },
    { week: 2, items: [{ promptKey: 'circle-goals-board', dayOffset: 0 }], swapKeys: [] },
    {
      week: 3,
      items: [
        { promptKey: 'circle-club-pick', dayOffset: 0 },
        { promptKey: 'circle-skills-swap', dayOffset: 3 },
      ],
      swapKeys: [],
      note: 'The lead names the pick and a date about a week away: the discussion prompt goes out in week 4.',
    },
    {
      week: 4,
      items: [
        { promptKey: 'circle-club-discuss', dayOffset: 0 },
        { promptKey: 'circle-pulse', dayOffset: 3 },
      ],
      swapKeys: [],
      note: 'The pulse is a poll: the circle sees counts only, staff see who answered what.',
    },
    { week: 5, items: [{ promptKey: 'circle-case-discussion', dayOffset: 0 }], swapKeys: [] },
    { week: 6, items: [{ promptKey: 'circle-museum-visit', dayOffset: 0 }], swapKeys: [] },
    { week: 7, items: [{ promptKey: 'circle-closing-round', dayOffset: 0 }], swapKeys: [] },
  ],
};
