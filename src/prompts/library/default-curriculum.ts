import type { Curriculum } from './prompt-types';

/**
 * The default 12 weeks, following the research sequence (mentoring-anchors.md section 7):
 * one main prompt a week, a second one a few days later at most, pulses in weeks 4 and 8,
 * a planned ending with two weeks' notice. Every week can be swapped for a light prompt.
 * A step whose mentee part reacts to the mentor's answer is mentor-first (see CurriculumItem).
 */
const SWAPS = [
  'head-heart-hands-feet',
  'place-that-matters',
  'playlist-swap',
  'one-paragraph-review',
] as const;

export const DEFAULT_CURRICULUM: Curriculum = {
  key: 'default-12-week',
  name: 'Twelve weeks of email mentoring',
  weeks: 12,
  steps: [
    {
      week: 1,
      items: [
        { promptKey: 'two-truths-and-a-wish', dayOffset: 0 },
        { promptKey: 'user-manual-of-me', dayOffset: 3 },
        { promptKey: 'reply-rhythm', dayOffset: 4 },
      ],
      swapKeys: [],
      note: 'Meet, then agree the reply rhythm; the manual is the pair’s agreement, and each picks the day their prompt arrives.',
    },
    {
      week: 2,
      items: [
        { promptKey: 'values-card-sort', dayOffset: 0 },
        { promptKey: 'mood-poll', dayOffset: 4 },
      ],
      swapKeys: SWAPS,
    },
    {
      week: 3,
      items: [
        { promptKey: 'goals-moodboard', dayOffset: 0 },
        { promptKey: 'letter-to-future-self', dayOffset: 4 },
      ],
      swapKeys: SWAPS,
      note: 'The letter is written once goals are on the table and returned in week 12.',
    },
    {
      week: 4,
      items: [
        { promptKey: 'smart-goal', dayOffset: 0 },
        { promptKey: 'woop', dayOffset: 3 },
        { promptKey: 'pulse-score', dayOffset: 5 },
      ],
      swapKeys: SWAPS,
      note: 'First pulse: a score of 1 or 2 puts the pair in the at-risk queue.',
    },
    {
      week: 5,
      items: [
        { promptKey: 'movie-club-pick', dayOffset: 0, mentorFirst: { waitDays: 2 } },
        { promptKey: 'movie-club-discuss', dayOffset: 5 },
      ],
      swapKeys: SWAPS,
      note: 'Mentor-first pick: the mentee chooses from what the mentor suggested, two days at most after their slot.',
    },
    {
      week: 6,
      items: [
        { promptKey: 'squiggly-career-timeline', dayOffset: 0, mentorFirst: { waitDays: 2 } },
        { promptKey: 'best-mistake-swap', dayOffset: 3 },
      ],
      swapKeys: SWAPS,
    },
    {
      week: 7,
      items: [
        { promptKey: 'virtual-museum-tour', dayOffset: 0 },
        { promptKey: 'midpoint-pulse', dayOffset: 3 },
      ],
      swapKeys: SWAPS,
    },
    {
      week: 8,
      items: [
        { promptKey: 'informational-interview', dayOffset: 0 },
        { promptKey: 'pulse-score', dayOffset: 5 },
      ],
      swapKeys: ['ask-me-anything', ...SWAPS],
      note: 'Second pulse.',
    },
    {
      week: 9,
      items: [
        { promptKey: 'network-map', dayOffset: 0 },
        { promptKey: 'video-checkin', dayOffset: 3 },
      ],
      swapKeys: SWAPS,
      note: 'A lighter writing week, so there is room for an optional call.',
    },
    {
      week: 10,
      items: [
        { promptKey: 'reverse-mentoring', dayOffset: 0 },
        { promptKey: 'article-podcast-club', dayOffset: 3, mentorFirst: { waitDays: 2 } },
      ],
      swapKeys: SWAPS,
      note: 'The article club is mentor-first: a one-sided swap would ask the mentee about an article nobody sent.',
    },
    {
      week: 11,
      items: [
        { promptKey: 'headline-from-the-future', dayOffset: 0 },
        { promptKey: 'strength-spotting', dayOffset: 3 },
      ],
      swapKeys: SWAPS,
      notices: ['two-weeks-left'],
    },
    {
      week: 12,
      items: [
        { promptKey: 'closing-reflection', dayOffset: 0 },
        { promptKey: 'gratitude-note', dayOffset: 2 },
        { promptKey: 'close-survey', dayOffset: 4 },
      ],
      swapKeys: [],
      returnLetterKeys: ['letter-to-future-self'],
      notices: ['closing'],
    },
  ],
};
