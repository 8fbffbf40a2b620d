import type { PromptDefinition } from './prompt-types';

/** Weeks 1 to 3: meet, agree how to work together, say what you want. */
export const GETTING_STARTED_PROMPTS: readonly PromptDefinition[] = [
  {
    key: 'two-truths-and-a-wish',
    title: 'Two truths and a wish',
    kind: 'prompt',
    theme: 'getting-started',
    minutes: 10,
    body: {
      mentor: {
        intro: 'Welcome! The easiest way to start is to go first, and keep it light.',
        ask: 'Share two true things about you and one wish for these twelve weeks.',
        replyHint: 'Three short lines: truth, truth, wish.',
        example:
          'I once missed a flight because I was reading. I grow chillies on my balcony. I wish to help you feel sure about your next step.',
        roleLine: 'Going first shows your mentee how long and how personal a reply can be.',
      },
      mentee: {
        intro: 'Welcome! Your mentor is doing this too, so you will learn a bit about each other.',
        ask: 'Share two true things about you and one wish for these twelve weeks.',
        replyHint: 'Three short lines: truth, truth, wish. Fun or serious, both are fine.',
        example:
          'I can solve a Rubik’s cube. I have two younger brothers. I wish to find out what jobs use maths and art.',
      },
    },
  },
  {
    key: 'user-manual-of-me',
    title: 'The user manual of me',
    kind: 'prompt',
    theme: 'getting-started',
    minutes: 10,
    body: {
      mentor: {
        intro:
          'Good pairs agree early how they will keep in touch. This short manual becomes your agreement.',
        ask: 'Write a five-line user manual: when you usually reply, how fast, how you like feedback, one thing that helps you, and one boundary.',
        replyHint: 'Five lines, one per point. Suggest a reply rhythm, like "within two days".',
        example:
          'I reply in the evenings, within two days. Feedback: straight but kind. Helps me: a clear question. Boundary: no messages about work on weekends.',
        roleLine: 'Propose a rhythm you can really keep; steady beats fast.',
      },
      mentee: {
        intro:
          'Good pairs agree early how they will keep in touch. This short manual becomes your agreement.',
        ask: 'Write a five-line user manual: when you usually reply, how fast, how you like feedback, one thing that helps you, and one boundary.',
        replyHint: 'Five lines, one per point. Say what reply time works for you.',
        example:
          'I check email after school, so I reply within three days. I like feedback with an example. Helps me: short questions. Boundary: not during exams.',
      },
    },
  },
  {
    key: 'values-card-sort',
    title: 'Values card sort',
    kind: 'prompt',
    theme: 'getting-started',
    minutes: 10,
    body: {
      mentor: {
        intro: 'Values explain a lot of choices. Sorting them is quick and says a lot.',
        ask: 'Pick the five values from this list that matter most to you, and say why for the top one.',
        replyHint: 'Five numbers, then one or two sentences about your top value.',
        example: '2, 7, 10, 16, 20. Curiosity is first: I changed careers twice because I wanted to learn.',
        roleLine: 'Your mentee picks too; notice where you differ, it makes a good conversation.',
      },
      mentee: {
        intro: 'Values explain a lot of choices. Sorting them is quick and says a lot.',
        ask: 'Pick the five values from this list that matter most to you, and say why for the top one.',
        replyHint: 'Five numbers, then one or two sentences about your top value.',
        example: '3, 4, 9, 13, 19. Family is first: my family helps me with everything.',
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
    body: {
      mentor: {
        intro:
          'Goals are easier to talk about when you can see them. This week you both make a small moodboard.',
        ask: 'Send three to six images or links that show what you are working towards this year, with one line each.',
        replyHint: 'Attach pictures or paste links, and write one line under each one.',
        example: 'A photo of a half-built shed: I want to finish something with my hands this summer.',
        roleLine: 'Share yours first and keep it real; your mentee will copy your level of openness.',
      },
      mentee: {
        intro:
          'Goals are easier to talk about when you can see them. This week you both make a small moodboard.',
        ask: 'Send three to six images or links that show where you want to be in a year, with one line each.',
        replyHint: 'Attach pictures or paste links, and write one line under each one.',
        example: 'A photo of a lab: I want to do real experiments, not just read about them.',
      },
    },
  },
  {
    key: 'letter-to-future-self',
    title: 'A letter to your future self',
    kind: 'letter',
    theme: 'getting-started',
    minutes: 15,
    body: {
      mentor: {
        intro: 'MentorMail will keep this letter and send it back to you in the last week of the programme.',
        ask: 'Write a short letter to yourself in week twelve: what you hope has changed, and what you hope you did.',
        replyHint: 'Reply with your letter. We keep it safe and send it back to you.',
        example:
          'Dear me, I hope you listened more than you talked, and that you shared the messy parts of your story.',
      },
      mentee: {
        intro: 'MentorMail will keep this letter and send it back to you in the last week of the programme.',
        ask: 'Write a short letter to yourself in week twelve: what you hope has changed, and what you hope you tried.',
        replyHint: 'Reply with your letter. We keep it safe and send it back to you.',
        example: 'Dear me, I hope you asked about the course you were scared of, even if the answer was no.',
      },
    },
  },
];
