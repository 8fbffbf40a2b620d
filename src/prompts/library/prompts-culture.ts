import type { PromptDefinition } from './prompt-types';

/** Shared culture gives a pair something to talk about besides themselves. */
export const CULTURE_PROMPTS: readonly PromptDefinition[] = [
  {
    key: 'movie-club-pick',
    title: 'Movie club: pick a film',
    kind: 'prompt',
    theme: 'culture',
    minutes: 5,
    body: {
      mentor: {
        intro:
          'This week is movie club. You pick a film together, watch it on your own, and talk about it in a few days.',
        ask: 'Suggest two films you think your mentee might enjoy, and let them choose.',
        replyHint: 'Two titles with one line each on why. Check they suit your mentee’s age.',
        example:
          'Hidden Figures: three people who would not take no for an answer. Paddington 2: kindness as a superpower.',
        roleLine: 'Pick films that are easy to find and suitable for your mentee.',
      },
      mentee: {
        intro:
          'This week is movie club. You pick a film together, watch it on your own, and talk about it in a few days.',
        ask: 'Pick one of your mentor’s two suggestions, or suggest a film you love instead.',
        replyHint: 'The title you choose and when you plan to watch it.',
      },
    },
  },
  {
    key: 'movie-club-discuss',
    title: 'Movie club: talk it over',
    kind: 'prompt',
    theme: 'culture',
    minutes: 15,
    body: {
      mentor: {
        intro: 'Hope you enjoyed the film. Three questions, and there are no wrong answers.',
        ask: 'Answer three questions: which character’s choice stayed with you, where the turning point was, and what you would have done differently.',
        replyHint: 'Three short answers, numbered 1 to 3.',
        example:
          '1. The sister who said no to the easy job. 2. The argument in the car. 3. I would have asked for help sooner.',
        roleLine: 'Link one answer to your own life; it makes it easier for your mentee to do the same.',
      },
      mentee: {
        intro: 'Hope you enjoyed the film. Three questions, and there are no wrong answers.',
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
    body: {
      mentor: {
        intro: 'Take a short walk through a museum without leaving your chair.',
        ask: 'Find one artwork or object that matches how your week has gone, and say why.',
        replyHint: 'The name of the piece or a link, plus two or three lines on why it fits.',
        example:
          'A stormy sea painting by Turner: my week was busy and loud, but there is light in the corner.',
      },
      mentee: {
        intro: 'Take a short walk through a museum without leaving your chair.',
        ask: 'Find one artwork or object that matches how your week has gone, and say why.',
        replyHint: 'The name of the piece or a link, plus two or three lines on why it fits.',
        example: 'A sleeping cat statue from ancient Egypt: I was tired all week.',
      },
    },
  },
  {
    key: 'article-podcast-club',
    title: 'Article or podcast club',
    kind: 'prompt',
    theme: 'culture',
    minutes: 15,
    body: {
      mentor: {
        intro: 'Something short to read or hear together: fifteen minutes at most.',
        ask: 'Share one article or podcast episode connected to your mentee’s goal, and one question it raised for you.',
        replyHint: 'A link or title, how long it takes, and your question.',
        roleLine: 'Choose something you have already read or heard, and check it suits your mentee.',
      },
      mentee: {
        intro: 'Your mentor shares something short to read or hear: fifteen minutes at most.',
        ask: 'Read or listen to it, then answer their question and tell them one thing you did not know before.',
        replyHint: 'Two short parts: your answer, and the new thing you learned.',
      },
    },
  },
  {
    key: 'playlist-swap',
    title: 'Three-song focus playlist',
    kind: 'prompt',
    theme: 'culture',
    minutes: 5,
    body: {
      mentor: {
        intro: 'A light one. Music says a lot about how people work.',
        ask: 'Share three songs you listen to when you need to focus or get going.',
        replyHint: 'Three song titles and artists, with a word or two about each.',
        example: 'Clair de Lune by Debussy, for calm. Midnight City by M83, for energy.',
      },
      mentee: {
        intro: 'A light one. Music says a lot about how people work.',
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
    body: {
      mentor: {
        intro: 'Places shape us. This one is about a spot that means something to you.',
        ask: 'Describe a place that matters to you and what happened there.',
        replyHint: 'A few lines. Add a photo only if it shows no faces, house numbers or street names.',
        example: 'The library steps where I studied for my exams. It is where I decided to apply to college.',
      },
      mentee: {
        intro: 'Places shape us. This one is about a spot that means something to you.',
        ask: 'Describe a place that matters to you and why.',
        replyHint: 'A few lines. Add a photo only if it shows no faces, house numbers or street names.',
      },
    },
  },
];
