import type { PromptDefinition } from './prompt-types';

/** Paths, mistakes and strengths: where most of the learning in a pair happens. */
export const GROWTH_PROMPTS: readonly PromptDefinition[] = [
  {
    key: 'squiggly-career-timeline',
    title: 'Your squiggly career line',
    kind: 'prompt',
    theme: 'growth',
    minutes: 15,
    body: {
      mentor: {
        intro: 'Few careers go in a straight line. Your mentee will learn a lot from the bends in yours.',
        ask: 'Tell the story of your path in five to seven steps, including at least one detour or restart.',
        replyHint: 'A short list, one line per step, with the years if you like.',
        example:
          'Shop job at 16. Started nursing, quit. Two years in a call centre. Evening course in IT. Now a network engineer.',
        roleLine: 'The detours are the useful part; do not tidy them away.',
      },
      mentee: {
        intro: 'Your mentor shares the twists and turns of their path this week.',
        ask: 'Read their timeline and ask about the one step that surprises you most.',
        replyHint: 'One question about one step. Add your own next step if you like.',
      },
    },
  },
  {
    key: 'best-mistake-swap',
    title: 'Best mistake swap',
    kind: 'prompt',
    theme: 'growth',
    minutes: 10,
    body: {
      mentor: {
        intro: 'Mistakes are where most of us learned the most. Swapping them builds trust fast.',
        ask: 'Share a mistake that turned out well, what happened, and what you learned.',
        replyHint: 'Three lines: the mistake, what happened next, the lesson.',
        example:
          'I sent a report to the wrong client. I owned up straight away. Lesson: people forgive honesty faster than cover-ups.',
        roleLine: 'Go first and pick a real one; it gives your mentee permission to be honest.',
      },
      mentee: {
        intro: 'Mistakes are where most of us learned the most. Your mentor is sharing one too.',
        ask: 'Share a mistake that turned out well, what happened, and what you learned.',
        replyHint: 'Three lines: the mistake, what happened next, the lesson. Small ones count.',
        example:
          'I forgot my lines in the school play. I made something up. Now I know I can handle surprises.',
      },
    },
  },
  {
    key: 'ask-me-anything',
    title: 'Ask me anything week',
    kind: 'prompt',
    theme: 'growth',
    minutes: 10,
    body: {
      mentor: {
        intro: 'This week your mentee can ask you anything about work, study or growing up.',
        ask: 'Answer their questions honestly, and say "I don’t know" when you don’t.',
        replyHint: 'A few sentences under each question.',
        roleLine: 'If a question is personal or outside the programme’s rules, it is fine to say so kindly.',
      },
      mentee: {
        intro: 'This week you can ask your mentor anything about work, study or growing up.',
        ask: 'Send three questions you have always wanted to ask someone with more experience.',
        replyHint: 'Three numbered questions. Nothing is too small.',
        example: 'How did you know what to study? What do you do when you are bored at work?',
      },
    },
  },
  {
    key: 'reverse-mentoring',
    title: 'Reverse mentoring',
    kind: 'prompt',
    theme: 'growth',
    minutes: 15,
    body: {
      mentor: {
        intro: 'This week the roles flip: your mentee teaches you something.',
        ask: 'Try what your mentee teaches you, then tell them how it went and one question you still have.',
        replyHint: 'Two or three lines: what you tried, how it went, your question.',
        roleLine: 'Being a good learner in front of them is a lesson in itself.',
      },
      mentee: {
        intro: 'This week the roles flip: you teach your mentor something.',
        ask: 'Teach your mentor one skill, app, game or trick in three simple steps.',
        replyHint: 'Three numbered steps they can follow.',
        example:
          '1. Open the app. 2. Tap the plus and choose "timer". 3. Set 25 minutes and do one task until it rings.',
      },
    },
  },
  {
    key: 'head-heart-hands-feet',
    title: 'Head, heart, hands, feet',
    kind: 'prompt',
    theme: 'growth',
    minutes: 10,
    body: {
      mentor: {
        intro: 'A self-portrait in four words, from a well-known youth work exercise.',
        ask: 'Write one line each: what fills your head, what is in your heart, what your hands are good at, and where your feet are taking you.',
        replyHint: 'Four lines starting Head, Heart, Hands, Feet.',
        example: 'Head: a new project. Heart: my kids. Hands: fixing bikes. Feet: towards teaching one day.',
      },
      mentee: {
        intro: 'A self-portrait in four words, from a well-known youth work exercise.',
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
    body: {
      mentor: {
        intro: 'You have weeks of messages to look back on. People rarely hear what others see in them.',
        ask: 'Name three strengths you have seen in your mentee, each with a moment from your messages that shows it.',
        replyHint: 'Three lines: the strength, then the moment.',
        example: 'Persistence: you rewrote your goal three times until it felt right.',
        roleLine: 'Be specific; "you are great" is kind but easy to forget.',
      },
      mentee: {
        intro: 'Your mentor is naming strengths they have seen in you. This is your turn to do the same.',
        ask: 'Name one strength you have seen in your mentor, and one you have noticed in yourself.',
        replyHint: 'Two lines, each with a short example.',
      },
    },
  },
];
