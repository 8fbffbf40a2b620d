import type { PromptDefinition } from './prompt-types';

/** A planned, warm ending: abrupt endings harm mentees, planned ones do not. */
export const CLOSING_PROMPTS: readonly PromptDefinition[] = [
  {
    key: 'gratitude-note',
    title: 'A gratitude note',
    kind: 'prompt',
    theme: 'closing',
    minutes: 10,
    body: {
      mentor: {
        intro: 'Gratitude is good for the writer as much as the reader.',
        ask: 'Write a short thank-you note to someone who helped you get where you are, and tell your mentee who it is for.',
        replyHint: 'Share the note, or just who it is for and one line of it. Sending it is up to you.',
        example:
          'To Mr Patel, my maths teacher: you stayed after class every Thursday. I still think of you when I get stuck.',
      },
      mentee: {
        intro: 'Gratitude is good for the writer as much as the reader.',
        ask: 'Write a short thank-you note to someone who has helped you this year.',
        replyHint: 'Share the note, or just who it is for and one line of it. Sending it is up to you.',
      },
    },
  },
  {
    key: 'closing-reflection',
    title: 'Looking back, looking forward',
    kind: 'prompt',
    theme: 'closing',
    minutes: 15,
    body: {
      mentor: {
        intro: 'This is the last week. A good ending looks back, looks forward, and says thank you.',
        ask: 'Look at your mentee’s moodboard from week three and write what progress you saw, one next step you would suggest, and a thank-you.',
        replyHint: 'Three short parts: progress, next step, thanks.',
        roleLine: 'Name real progress, however small; it is what they will remember.',
      },
      mentee: {
        intro: 'This is the last week. A good ending looks back, looks forward, and says thank you.',
        ask: 'Look at your moodboard from week three and write what changed, your next step, and a thank-you.',
        replyHint: 'Three short parts: what changed, next step, thanks.',
      },
    },
  },
  {
    key: 'close-survey',
    title: 'One last question',
    kind: 'poll',
    theme: 'closing',
    minutes: 1,
    body: {
      mentor: {
        intro: 'Your answer helps your programme improve for the next group.',
        ask: 'Would you recommend mentoring with this programme to a friend?',
        replyHint: 'Tap an answer or reply with its number. Add a line on why, if you like.',
      },
      mentee: {
        intro: 'Your answer helps your programme improve for the next group.',
        ask: 'Would you recommend this mentoring programme to a friend?',
        replyHint: 'Tap an answer or reply with its number. Add a line on why, if you like.',
      },
    },
    pollOptions: ['Yes, definitely', 'Probably', 'Not sure', 'Probably not', 'No'],
  },
];
