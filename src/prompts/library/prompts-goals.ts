import type { PromptDefinition } from './prompt-types';

/** Turning wishes into plans, and plans into people to ask. */
export const GOAL_PROMPTS: readonly PromptDefinition[] = [
  {
    key: 'smart-goal',
    title: 'Draft a SMART goal',
    kind: 'prompt',
    theme: 'goals',
    minutes: 15,
    card: {
      mentor: {
        ask: 'When their draft arrives, suggest changing just one word to make it sharper, and say why.',
        replyHint: 'Reply to their draft: the word you would change, the new word, one line of why.',
      },
      mentee: {
        ask: 'Write one goal that is Specific, Measurable, Achievable, Relevant and Time-bound.',
        replyHint: 'One sentence with a date in it. Your mentor will suggest one small edit.',
      },
    },
  },
  {
    key: 'woop',
    title: 'WOOP: wish, outcome, obstacle, plan',
    kind: 'prompt',
    theme: 'goals',
    minutes: 10,
    card: {
      mentor: {
        ask: 'Do a WOOP for something you want this month: your wish, the best outcome, your main obstacle, and an if-then plan.',
        replyHint: 'Four lines starting Wish, Outcome, Obstacle, Plan.',
      },
      mentee: {
        ask: 'Write your wish, the best outcome, the main thing in your way, and an if-then plan for it.',
        replyHint: 'Four lines starting Wish, Outcome, Obstacle, Plan.',
      },
    },
  },
  {
    key: 'headline-from-the-future',
    title: 'A headline from the future',
    kind: 'prompt',
    theme: 'goals',
    minutes: 10,
    card: {
      mentor: {
        ask: 'Write a news headline about your mentee five years from now, based on what you have learned about them, plus one sentence of the article.',
        replyHint: 'A headline and one sentence. Be generous and specific.',
      },
      mentee: {
        ask: 'Write the headline about you in five years, plus the first sentence of the article.',
        replyHint: 'A headline and one sentence. Dream a bit; nobody will hold you to it.',
      },
    },
  },
  {
    key: 'network-map',
    title: 'Map your network',
    kind: 'prompt',
    theme: 'goals',
    minutes: 15,
    card: {
      mentor: {
        ask: 'When their map arrives, pick one person on it and help draft a short first message to them.',
        replyHint: 'Reply with a three-sentence draft they could send, in their voice.',
      },
      mentee: {
        ask: 'List five people who could help with your goal, and how each one could help.',
        replyHint: 'Five lines: who they are (no surnames or contact details), and how they could help.',
      },
    },
  },
  {
    key: 'informational-interview',
    title: 'Informational interview',
    kind: 'prompt',
    theme: 'goals',
    minutes: 20,
    card: {
      mentor: {
        ask: 'Answer their five questions honestly, including one thing that is harder than it looks.',
        replyHint: 'Reply under each question. A few sentences each is plenty.',
      },
      mentee: {
        ask: 'Send your mentor five questions about their work, their path, or a job you are curious about.',
        replyHint: 'Five numbered questions. Open questions ("how", "what") get better answers.',
      },
    },
  },
  {
    key: 'one-paragraph-review',
    title: 'One-paragraph review',
    kind: 'prompt',
    theme: 'goals',
    minutes: 15,
    reacts: 'mentor',
    card: {
      mentor: {
        ask: 'When your mentee sends their paragraph, name one thing that works and suggest one change.',
        replyHint: 'Two lines: "This works:" and "Try:".',
      },
      mentee: {
        ask: 'Send one paragraph you would like feedback on, and say what it is for.',
        replyHint: 'Paste the paragraph and one line on where it will be used.',
      },
    },
  },
];
