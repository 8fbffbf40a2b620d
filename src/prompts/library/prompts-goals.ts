import type { PromptDefinition } from './prompt-types';

/** Turning wishes into plans, and plans into people to ask. */
export const GOAL_PROMPTS: readonly PromptDefinition[] = [
  {
    key: 'smart-goal',
    title: 'Draft a SMART goal',
    kind: 'prompt',
    theme: 'goals',
    minutes: 15,
    body: {
      mentor: {
        intro:
          'This week your mentee drafts one goal that is Specific, Measurable, Achievable, Relevant and Time-bound.',
        ask: 'When their draft arrives, suggest changing just one word to make it sharper, and say why.',
        replyHint: 'Reply to their draft: the word you would change, the new word, one line of why.',
        example:
          '"Learn more about design" becomes "Finish one free design course by 30 May". A date makes it real.',
        roleLine: 'One word only: small edits keep the goal theirs.',
      },
      mentee: {
        intro: 'Time to turn a wish from your moodboard into one clear goal.',
        ask: 'Write one goal that is Specific, Measurable, Achievable, Relevant and Time-bound.',
        replyHint: 'One sentence with a date in it. Your mentor will suggest one small edit.',
        example: 'By the end of June I will finish a free online coding course and build one small web page.',
      },
    },
  },
  {
    key: 'woop',
    title: 'WOOP: wish, outcome, obstacle, plan',
    kind: 'prompt',
    theme: 'goals',
    minutes: 10,
    body: {
      mentor: {
        intro:
          'WOOP is a four-line method with good research behind it. The obstacle line is the useful one.',
        ask: 'Do a WOOP for something you want this month: your wish, the best outcome, your main obstacle, and an if-then plan.',
        replyHint: 'Four lines starting Wish, Outcome, Obstacle, Plan.',
        example:
          'Wish: run twice a week. Outcome: more energy. Obstacle: late meetings. Plan: if a meeting runs late, I run the next morning.',
        roleLine: 'Pick a real obstacle of your own; it shows that everyone has them.',
      },
      mentee: {
        intro: 'WOOP is a four-line method that helps goals survive real life. Use your SMART goal.',
        ask: 'Write your wish, the best outcome, the main thing in your way, and an if-then plan for it.',
        replyHint: 'Four lines starting Wish, Outcome, Obstacle, Plan.',
        example:
          'Wish: finish the course. Outcome: I can build a web page. Obstacle: my phone. Plan: if I sit down to study, my phone goes in another room.',
      },
    },
  },
  {
    key: 'headline-from-the-future',
    title: 'A headline from the future',
    kind: 'prompt',
    theme: 'goals',
    minutes: 10,
    body: {
      mentor: {
        intro: 'Imagining a specific future makes it easier to see the steps towards it.',
        ask: 'Write a news headline about your mentee five years from now, based on what you have learned about them, plus one sentence of the article.',
        replyHint: 'A headline and one sentence. Be generous and specific.',
        example:
          '"Local designer’s app helps 10,000 students plan their week." She started with one small course in year 11.',
      },
      mentee: {
        intro: 'Imagine a newspaper writing about you five years from now. What does it say?',
        ask: 'Write the headline about you in five years, plus the first sentence of the article.',
        replyHint: 'A headline and one sentence. Dream a bit; nobody will hold you to it.',
        example:
          '"Former student opens her own bakery." Amira says it all started with a weekend job and a notebook of recipes.',
      },
    },
  },
  {
    key: 'network-map',
    title: 'Map your network',
    kind: 'prompt',
    theme: 'goals',
    minutes: 15,
    body: {
      mentor: {
        intro:
          'Most opportunities come through people. This week your mentee maps five people who could help.',
        ask: 'When their map arrives, pick one person on it and help draft a short first message to them.',
        replyHint: 'Reply with a three-sentence draft they could send, in their voice.',
        roleLine: 'Suggest, do not send: the message and the choice stay theirs.',
      },
      mentee: {
        intro:
          'You know more useful people than you think: teachers, neighbours, family friends, people online.',
        ask: 'List five people who could help with your goal, and how each one could help.',
        replyHint: 'Five lines: who they are (no surnames or contact details), and how they could help.',
        example: 'My aunt: works in a hospital, could tell me about nursing.',
      },
    },
  },
  {
    key: 'informational-interview',
    title: 'Informational interview',
    kind: 'prompt',
    theme: 'goals',
    minutes: 20,
    body: {
      mentor: {
        intro: 'This week your mentee interviews you about your work and path. You answer.',
        ask: 'Answer their five questions honestly, including one thing that is harder than it looks.',
        replyHint: 'Reply under each question. A few sentences each is plenty.',
        roleLine: 'If a question is outside your experience, say so and suggest who might know.',
      },
      mentee: {
        intro: 'Interviewing someone about their job is one of the best ways to learn about it.',
        ask: 'Send your mentor five questions about their work, their path, or a job you are curious about.',
        replyHint: 'Five numbered questions. Open questions ("how", "what") get better answers.',
        example: 'What does a normal Tuesday look like for you?',
      },
    },
  },
  {
    key: 'one-paragraph-review',
    title: 'One-paragraph review',
    kind: 'prompt',
    theme: 'goals',
    minutes: 15,
    body: {
      mentor: {
        intro: 'A second pair of eyes on one short piece of writing can make a big difference.',
        ask: 'When your mentee sends their paragraph, name one thing that works and suggest one change.',
        replyHint: 'Two lines: "This works:" and "Try:".',
        roleLine: 'Keep it to one change; a page of edits is discouraging.',
      },
      mentee: {
        intro:
          'Pick one paragraph that matters: a line for your CV, a personal statement, or an application answer.',
        ask: 'Send one paragraph you would like feedback on, and say what it is for.',
        replyHint: 'Paste the paragraph and one line on where it will be used.',
      },
    },
  },
];
