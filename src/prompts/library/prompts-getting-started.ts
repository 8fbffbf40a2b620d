import type { PromptDefinition } from './prompt-types';

/** Weeks 1 to 3: meet, agree how to work together, say what you want. */
export const GETTING_STARTED_PROMPTS: readonly PromptDefinition[] = [
  {
    key: 'two-truths-and-a-wish',
    title: 'Two truths and a wish',
    kind: 'prompt',
    theme: 'getting-started',
    minutes: 10,
    card: {
      mentor: {
        ask: 'Share two true things about you and one wish for these twelve weeks.',
        replyHint: 'Three short lines: truth, truth, wish.',
      },
      mentee: {
        ask: 'Share two true things about you and one wish for these twelve weeks.',
        replyHint: 'Three short lines: truth, truth, wish. Fun or serious, both are fine.',
      },
    },
  },
  {
    key: 'user-manual-of-me',
    title: 'The user manual of me',
    kind: 'prompt',
    theme: 'getting-started',
    minutes: 10,
    card: {
      mentor: {
        ask: 'Write a five-line user manual: when you usually reply, how fast, how you like feedback, one thing that helps you, and one boundary.',
        replyHint: 'Five lines, one per point. Suggest a reply rhythm, like "within two days".',
      },
      mentee: {
        ask: 'Write a five-line user manual: when you usually reply, how fast, how you like feedback, one thing that helps you, and one boundary.',
        replyHint: 'Five lines, one per point. Say what reply time works for you.',
      },
    },
  },
  {
    key: 'values-card-sort',
    title: 'Values card sort',
    kind: 'prompt',
    theme: 'getting-started',
    minutes: 10,
    card: {
      mentor: {
        ask: 'Pick the five values from this list that matter most to you, and say why for the top one.',
        replyHint: 'Five numbers, then one or two sentences about your top value.',
      },
      mentee: {
        ask: 'Pick the five values from this list that matter most to you, and say why for the top one.',
        replyHint: 'Five numbers, then one or two sentences about your top value.',
      },
    },
    pollOptions: [
      'Honesty',
      'Curiosity',
      'Family',
      'Creativity',
      'Security',
      'Adventure',
      'Kindness',
      'Independence',
      'Fairness',
      'Learning',
      'Health',
      'Faith',
      'Fun',
      'Achievement',
      'Loyalty',
      'Courage',
      'Community',
      'Calm',
      'Respect',
      'Freedom',
    ],
  },
  {
    key: 'goals-moodboard',
    title: 'Goals moodboard',
    kind: 'prompt',
    theme: 'getting-started',
    minutes: 15,
    image: {
      src: 'prompts/goals-moodboard.png',
      alt: 'A corkboard with photos, a ticket and handwritten notes pinned to it',
    },
    card: {
      mentor: {
        ask: 'Send three to six images or links that show what you are working towards this year, with one line each.',
        replyHint: 'Attach pictures or paste links, and write one line under each one.',
      },
      mentee: {
        ask: 'Send three to six images or links that show where you want to be in a year, with one line each.',
        replyHint: 'Attach pictures or paste links, and write one line under each one.',
      },
    },
  },
  {
    key: 'letter-to-future-self',
    title: 'A letter to your future self',
    kind: 'letter',
    theme: 'getting-started',
    minutes: 15,
    card: {
      mentor: {
        ask: 'Write a short letter to yourself in week twelve: what you hope has changed, and what you hope you did.',
        replyHint: 'Reply with your letter. We keep it safe and send it back to you.',
      },
      mentee: {
        ask: 'Write a short letter to yourself in week twelve: what you hope has changed, and what you hope you tried.',
        replyHint: 'Reply with your letter. We keep it safe and send it back to you.',
      },
    },
  },
];
