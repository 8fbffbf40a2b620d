import type { PromptDefinition, PromptCard } from './prompt-types';

/**
 * Polls and check-ins. Polls are one tap or one number; the answers feed the staff view and
 * the at-risk queue (a pulse of 1 or 2 flags the pair), so both sides get the same question.
 */
const same = (card: PromptCard): { mentor: PromptCard; mentee: PromptCard } => ({
  mentor: card,
  mentee: card,
});

/**
 * The "best reply day" poll: its options are the ISO weekdays in order (option 1 is Monday), and
 * a vote moves the voter's own prompts to that day (ReplyDayService).
 */
export const REPLY_DAY_POLL = 'reply-rhythm';
export const REPLY_DAYS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

export const CHECK_IN_PROMPTS: readonly PromptDefinition[] = [
  {
    key: 'mood-poll',
    title: 'How was your week?',
    kind: 'poll',
    theme: 'check-in',
    minutes: 1,
    card: same({
      ask: 'How was your week, overall?',
      replyHint: 'Tap an answer or reply with its number.',
    }),
    pollOptions: ['😀 Good', '😐 So-so', '😟 Hard'],
  },
  {
    key: 'pulse-score',
    title: 'Pulse check',
    kind: 'poll',
    theme: 'check-in',
    minutes: 1,
    card: {
      mentor: {
        ask: 'How well is the mentoring relationship working for you right now?',
        replyHint: 'Tap a score or reply with its number. Only staff see individual answers.',
      },
      mentee: {
        ask: 'How helpful is mentoring for you right now?',
        replyHint: 'Tap a score or reply with its number. Only staff see individual answers.',
      },
    },
    pollOptions: ['1, not at all', '2, a little', '3, somewhat', '4, quite a lot', '5, very much'],
  },
  {
    key: 'midpoint-pulse',
    title: 'Halfway check-in',
    kind: 'poll',
    theme: 'check-in',
    minutes: 2,
    card: same({
      ask: 'How are things going at the halfway point?',
      replyHint: 'Tap an answer or reply with its number. Add one thing you would change, if you like.',
    }),
    pollOptions: ['On track', 'Needs a tweak', 'Stuck'],
  },
  {
    key: REPLY_DAY_POLL,
    title: 'Your best reply day',
    kind: 'poll',
    theme: 'check-in',
    minutes: 1,
    card: same({
      ask: 'Which day would you like your weekly prompt to arrive?',
      replyHint:
        'Tap a day or reply with its number. From next week your prompts arrive on the day you choose.',
    }),
    pollOptions: REPLY_DAYS,
  },
  {
    key: 'video-checkin',
    title: 'A face-to-face check-in',
    kind: 'video-checkin',
    theme: 'check-in',
    minutes: 5,
    callMinutes: 20,
    card: {
      mentor: {
        ask: 'Offer two or three times for a 20-minute video call in the next two weeks, using a tool your programme allows.',
        replyHint: 'Two or three times, one per line, and the video link on its own line.',
      },
      mentee: {
        ask: 'Your mentor will offer two or three times for a 20-minute video call: pick the one that suits you.',
        replyHint: 'The number you pick, in reply to the email with the times.',
      },
    },
  },
];
