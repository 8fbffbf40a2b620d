import type { PromptDefinition } from './prompt-types';

/** A planned, warm ending: abrupt endings harm mentees, planned ones do not. */
export const CLOSING_PROMPTS: readonly PromptDefinition[] = [
  {
    key: 'gratitude-note',
    title: 'A gratitude note',
    kind: 'prompt',
    theme: 'closing',
    minutes: 10,
    card: {
      mentor: {
        ask: 'Write a short thank-you note to someone who helped you get where you are, and tell your mentee who it is for.',
        replyHint: 'Share the note, or just who it is for and one line of it. Sending it is up to you.',
      },
      mentee: {
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
    card: {
      mentor: {
        ask: 'Look at your mentee’s moodboard from week three and write what progress you saw, one next step you would suggest, and a thank-you.',
        replyHint: 'Three short parts: progress, next step, thanks.',
      },
      mentee: {
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
    card: {
      mentor: {
        ask: 'How would you score mentoring with this programme, from 1 (poor) to 5 (excellent)?',
        replyHint: 'Tap a score or reply with its number, then a dash or a new line and why: "4 - ...".',
      },
      mentee: {
        ask: 'How would you score this mentoring programme, from 1 (poor) to 5 (excellent)?',
        replyHint: 'Tap a score or reply with its number, then a dash or a new line and why: "4 - ...".',
      },
    },
    // A score and why (#14): the number replied is the score, the rest is the why (staff only).
    pollOptions: ['1: poor', '2: fair', '3: good', '4: very good', '5: excellent'],
  },
];
