import type { PromptDefinition } from './prompt-types';

/** Paths, mistakes and strengths: where most of the learning in a pair happens. */
export const GROWTH_PROMPTS: readonly PromptDefinition[] = [
  {
    key: 'squiggly-career-timeline',
    title: 'Your squiggly career line',
    kind: 'prompt',
    theme: 'growth',
    minutes: 15,
    reacts: 'mentee',
    card: {
      mentor: {
        ask: 'Tell the story of your path in five to seven steps, including at least one detour or restart.',
        replyHint: 'A short list, one line per step, with the years if you like.',
      },
      mentee: {
        ask: 'Read your mentor’s timeline (above) and ask about the one step that surprises you most.',
        replyHint: 'One question about one step. Add your own next step if you like.',
      },
    },
    withoutPartner: {
      ask: 'Your mentor has not sent their timeline yet, so start with yours: your path so far in three to five steps, and the step you hope comes next.',
      replyHint: 'A short list, one line per step. Ask your mentor for theirs.',
    },
  },
  {
    key: 'best-mistake-swap',
    title: 'Best mistake swap',
    kind: 'prompt',
    theme: 'growth',
    minutes: 10,
    card: {
      mentor: {
        ask: 'Share a mistake that turned out well, what happened, and what you learned.',
        replyHint: 'Three lines: the mistake, what happened next, the lesson.',
      },
      mentee: {
        ask: 'Share a mistake that turned out well, what happened, and what you learned.',
        replyHint: 'Three lines: the mistake, what happened next, the lesson. Small ones count.',
      },
    },
  },
  {
    key: 'ask-me-anything',
    title: 'Ask me anything week',
    kind: 'prompt',
    theme: 'growth',
    minutes: 10,
    reacts: 'mentor',
    card: {
      mentor: {
        ask: 'Answer their questions honestly, and say "I don’t know" when you don’t.',
        replyHint: 'A few sentences under each question.',
      },
      mentee: {
        ask: 'Send three questions you have always wanted to ask someone with more experience.',
        replyHint: 'Three numbered questions. Nothing is too small.',
      },
    },
  },
  {
    key: 'reverse-mentoring',
    title: 'Reverse mentoring',
    kind: 'prompt',
    theme: 'growth',
    minutes: 15,
    card: {
      mentor: {
        ask: 'Try what your mentee teaches you, then tell them how it went and one question you still have.',
        replyHint: 'Two or three lines: what you tried, how it went, your question.',
      },
      mentee: {
        ask: 'Teach your mentor one skill, app, game or trick in three simple steps.',
        replyHint: 'Three numbered steps they can follow.',
      },
    },
  },
  {
    key: 'head-heart-hands-feet',
    title: 'Head, heart, hands, feet',
    kind: 'prompt',
    theme: 'growth',
    minutes: 10,
    card: {
      mentor: {
        ask: 'Write one line each: what fills your head, what is in your heart, what your hands are good at, and where your feet are taking you.',
        replyHint: 'Four lines starting Head, Heart, Hands, Feet.',
      },
      mentee: {
        ask: 'Write one line each: what fills your head, what is in your heart, what your hands are good at, and where your feet are taking you.',
        replyHint: 'Four lines starting Head, Heart, Hands, Feet.',
      },
    },
  },
  {
    key: 'strength-spotting',
    title: 'Strength spotting',
    kind: 'prompt',
    theme: 'growth',
    minutes: 10,
    card: {
      mentor: {
        ask: 'Name three strengths you have seen in your mentee, each with a moment from your messages that shows it.',
        replyHint: 'Three lines: the strength, then the moment.',
      },
      mentee: {
        ask: 'Name one strength you have seen in your mentor, and one you have noticed in yourself.',
        replyHint: 'Two lines, each with a short example.',
      },
    },
  },
];
