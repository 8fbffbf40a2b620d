import type { PromptDefinition } from './prompt-types';

/** Shared culture gives a pair something to talk about besides themselves. */
export const CULTURE_PROMPTS: readonly PromptDefinition[] = [
  {
    key: 'movie-club-pick',
    title: 'Movie club: pick a film',
    kind: 'prompt',
    theme: 'culture',
    minutes: 5,
    reacts: 'mentee',
    card: {
      mentor: {
        ask: 'Suggest two films you think your mentee might enjoy. They choose one once your answer arrives.',
        replyHint: 'Two titles with one line each on why. Check they suit your mentee’s age.',
      },
      mentee: {
        ask: 'Pick one of the films your mentor suggested (their answer is below), or suggest a film you love instead.',
        replyHint: 'The title you choose and when you plan to watch it.',
      },
    },
    withoutPartner: {
      ask: 'Your mentor has not sent their suggestions yet, so you choose: suggest a film you would both enjoy.',
      replyHint: 'The title, one line on why, and when you plan to watch it.',
    },
  },
  {
    key: 'movie-club-discuss',
    title: 'Movie club: talk it over',
    kind: 'prompt',
    theme: 'culture',
    minutes: 15,
    card: {
      mentor: {
        ask: 'Answer three questions: which character’s choice stayed with you, where the turning point was, and what you would have done differently.',
        replyHint: 'Three short answers, numbered 1 to 3.',
      },
      mentee: {
        ask: 'Answer three questions: which character’s choice stayed with you, where the turning point was, and what you would have done differently.',
        replyHint: 'Three short answers, numbered 1 to 3. Not finished the film? Say what you saw so far.',
      },
    },
  },
  {
    key: 'virtual-museum-tour',
    title: 'A virtual museum visit',
    kind: 'prompt',
    theme: 'culture',
    minutes: 15,
    link: { url: 'https://artsandculture.google.com/', label: 'Open Google Arts & Culture' },
    card: {
      mentor: {
        ask: 'Find one artwork or object that matches how your week has gone, and say why.',
        replyHint: 'The name of the piece or a link, plus two or three lines on why it fits.',
      },
      mentee: {
        ask: 'Find one artwork or object that matches how your week has gone, and say why.',
        replyHint: 'The name of the piece or a link, plus two or three lines on why it fits.',
      },
    },
  },
  {
    key: 'article-podcast-club',
    title: 'Article or podcast club',
    kind: 'prompt',
    theme: 'culture',
    minutes: 15,
    reacts: 'mentee',
    card: {
      mentor: {
        ask: 'Share one article or podcast episode connected to your mentee’s goal, and one question it raised for you.',
        replyHint: 'A link or title, how long it takes, and your question.',
      },
      mentee: {
        ask: 'Read or listen to what your mentor shared (below), then answer their question and tell them one thing you did not know before.',
        replyHint: 'Two short parts: your answer, and the new thing you learned.',
      },
    },
    withoutPartner: {
      ask: 'Your mentor has not shared anything yet, so you go first: share one article, video or podcast episode you found interesting lately, and one question it raised for you.',
      replyHint: 'A link or title, how long it takes, and your question.',
    },
  },
  {
    key: 'playlist-swap',
    title: 'Three-song focus playlist',
    kind: 'prompt',
    theme: 'culture',
    minutes: 5,
    card: {
      mentor: {
        ask: 'Share three songs you listen to when you need to focus or get going.',
        replyHint: 'Three song titles and artists, with a word or two about each.',
      },
      mentee: {
        ask: 'Share three songs you listen to when you need to focus or get going.',
        replyHint: 'Three song titles and artists, with a word or two about each.',
      },
    },
  },
  {
    key: 'place-that-matters',
    title: 'A place that matters',
    kind: 'prompt',
    theme: 'culture',
    minutes: 10,
    card: {
      mentor: {
        ask: 'Describe a place that matters to you and what happened there.',
        replyHint: 'A few lines. Add a photo only if it shows no faces, house numbers or street names.',
      },
      mentee: {
        ask: 'Describe a place that matters to you and why.',
        replyHint: 'A few lines. Add a photo only if it shows no faces, house numbers or street names.',
      },
    },
  },
];
