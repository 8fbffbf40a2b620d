import type { PromptDefinition } from './prompt-types';

/** Shared culture gives a pair something to talk about besides themselves. */
export const CULTURE_PROMPTS: readonly PromptDefinition[] = [
  {
    key: 'movie-club-pick',
    title: 'Movie club: pick a film',
    kind: 'prompt',
    theme: 'culture',
    minutes: 5,
    uses: 'film-pick',
    reacts: 'mentee',
    card: {
      mentor: {
        ask: 'Choose the film you would most like to watch with your mentee, and say why. They make the final pick once your answer arrives.',
        replyHint: 'The film’s number or title, and one line on why.',
      },
      mentee: {
        ask: 'Your mentor’s choice is above. Pick the film you will both watch: theirs, or another of the three.',
        replyHint: 'The film’s number or title, and when you plan to watch it.',
      },
    },
    withoutPartner: {
      ask: 'Your mentor has not chosen yet, so the pick is yours: one of these three films for you both to watch.',
      replyHint: 'The film’s number or title, and when you plan to watch it.',
    },
  },
  {
    key: 'movie-club-discuss',
    title: 'Movie club: talk it over',
    kind: 'prompt',
    theme: 'culture',
    minutes: 15,
    uses: 'film-discussion',
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
    uses: 'virtual-tour',
    // Shown only when the programme has no tour at all; every pairing normally gets its own.
    link: { url: 'https://artsandculture.google.com/', label: 'Open Google Arts & Culture' },
    card: {
      mentor: {
        ask: 'Take the tour, find something to look at as it suggests, and answer its career question from your own working life.',
        replyHint: 'What you found (a name or a link), two lines on why, and your answer to the question.',
      },
      mentee: {
        ask: 'Take the tour, find something to look at as it suggests, and answer its career question.',
        replyHint: 'What you found (a name or a link), two lines on why, and your answer to the question.',
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
        ask: 'Read or listen to what your mentor shared (above), then answer their question and tell them one thing you did not know before.',
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
