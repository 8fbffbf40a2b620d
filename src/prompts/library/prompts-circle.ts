import type { PromptCard, PromptDefinition } from './prompt-types';

/**
 * Group prompts for circles (one or two leads, up to 12 members): every reply goes to the whole
 * circle, so each card asks for something short that others can answer. Leads get a card that
 * opens or holds the round; members a card that stands on its own (a member never waits for a
 * lead's answer: circles have no mentor-first steps).
 */
const same = (card: PromptCard): { mentor: PromptCard; mentee: PromptCard } => ({
  mentor: card,
  mentee: card,
});

export const CIRCLE_PROMPTS: readonly PromptDefinition[] = [
  {
    key: 'circle-introductions',
    title: 'Introductions round',
    kind: 'prompt',
    theme: 'circle',
    minutes: 10,
    card: {
      mentor: {
        ask: 'Open the round: your name, what you do, one thing you hope this circle does for everyone in it.',
        replyHint: 'Three short lines. Going first sets the length for everyone.',
      },
      mentee: {
        ask: 'Introduce yourself to the circle: your name, what you are working on, one question you would love help with.',
        replyHint: 'Three short lines: name, what you do, your question.',
      },
    },
  },
  {
    key: 'circle-goals-board',
    title: 'Our shared goals board',
    kind: 'prompt',
    theme: 'circle',
    minutes: 10,
    card: {
      mentor: {
        ask: 'Post one goal of your own for these weeks, and one thing you will do to help the circle reach theirs.',
        replyHint: 'Two lines: "My goal: ..." and "I will help by: ...".',
      },
      mentee: {
        ask: 'Post one goal for these weeks on the circle’s board, and one way the others could help you with it.',
        replyHint: 'Two lines: "My goal: ..." and "You could help by: ...".',
      },
    },
  },
  {
    key: 'circle-club-pick',
    title: 'Book or film club: the pick',
    kind: 'prompt',
    theme: 'circle',
    minutes: 5,
    card: {
      mentor: {
        ask: 'Choose one book chapter, article or film for the circle, say why, and name the date the circle discusses it (about a week from now).',
        replyHint: 'The title, one line on why, and the date: "We discuss it on ...".',
      },
      mentee: {
        ask: 'The circle picks one book chapter, article or film this week, with a date to discuss it. Suggest one, or say you are in for the pick.',
        replyHint: 'A title with one line on why, or "I am in".',
      },
    },
  },
  {
    key: 'circle-skills-swap',
    title: 'Skills swap',
    kind: 'prompt',
    theme: 'circle',
    minutes: 5,
    card: same({
      ask: 'Offer one skill you could teach someone in the circle in ten minutes, and ask for one you would like to learn.',
      replyHint: 'Two lines: "I can teach: ..." and "I would like to learn: ...".',
    }),
  },
  {
    key: 'circle-club-discuss',
    title: 'Book or film club: discussion day',
    kind: 'prompt',
    theme: 'circle',
    minutes: 10,
    card: same({
      ask: 'It is discussion day for the circle’s pick: one moment that stayed with you, and what it says about work or study.',
      replyHint: 'Two or three lines. Not finished it? Say what you saw so far.',
    }),
  },
  {
    key: 'circle-pulse',
    title: 'Halfway pulse',
    kind: 'poll',
    theme: 'circle',
    minutes: 1,
    card: same({
      ask: 'Halfway through: how is the circle working for you?',
      replyHint: 'Tap an answer or reply with its number. The circle sees only the counts, never who chose what.',
    }),
    pollOptions: ['Going well', 'Needs a tweak', 'Not working for me'],
  },
  {
    key: 'circle-case-discussion',
    title: 'Case discussion: what is your move?',
    kind: 'prompt',
    theme: 'circle',
    minutes: 10,
    card: {
      mentor: {
        ask: 'Share a real dilemma from your working life, without names, and stop just before what you decided.',
        replyHint: 'Five lines at most: the situation, the choice, and "What would you do?".',
      },
      mentee: {
        ask: 'A lead will share a dilemma with the circle this week. Reply with your move: what you would do first, and why.',
        replyHint: 'Two lines: your move and your reason. There is no wrong answer.',
      },
    },
  },
  {
    key: 'circle-museum-visit',
    title: 'A museum visit together',
    kind: 'prompt',
    theme: 'circle',
    minutes: 15,
    uses: 'virtual-tour',
    card: same({
      ask: 'Walk through the tour, pick one object, and ask the circle one question about it.',
      replyHint: 'The object, one line on why you picked it, and your question for the others.',
    }),
  },
  {
    key: 'circle-closing-round',
    title: 'Closing round',
    kind: 'prompt',
    theme: 'circle',
    minutes: 10,
    card: same({
      ask: 'Close the circle: one thing you take away, and one thank-you to someone in the circle, by name.',
      replyHint: 'Two lines: "I take away ..." and "Thank you, ..., for ...".',
    }),
  },
];
