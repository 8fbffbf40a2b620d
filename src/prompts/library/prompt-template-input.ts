import {
  libraryPromptTemplate,
  type LibraryPromptTemplate,
  type TemplateInput,
} from '../../rendering/template-catalog';
import { SAMPLE_CIRCLE_NAME, SAMPLE_PROMPT_PROPS } from '../../rendering/sample-props';
import type { FilmCard, ImageRef, ParticipantProps, TourCard } from '../../rendering/template-props';
import { DEFAULT_FILMS, DEFAULT_TOURS } from '../culture/default-catalogue';
import type { PromptDefinition } from './prompt-types';

export interface PromptSendContext {
  recipient: ParticipantProps;
  week: number;
  totalWeeks: number;
  /** Where library images live on our own domain, e.g. "https://mentormail.example/static/". */
  assetBaseUrl: string;
  /** Signed one-click vote links, one per poll option, in option order. */
  voteUrls?: readonly string[];
  /** Video check-ins: the slot the attached .ics proposes, in the recipient's locale and zone. */
  proposedTimeText?: string;
  /**
   * The reacting role's part of a mentor-first step: the partner's answer, or null when there is
   * none yet (the prompt then uses its `withoutPartner` card). Undefined everywhere else.
   */
  partnerAnswer?: string | null;
  /** Programme data for prompts that use it (movie club, museum visit). */
  culture?: { films?: FilmCard[]; film?: FilmCard; tour?: TourCard };
}

export type PromptTemplateInput = Extract<TemplateInput, { name: LibraryPromptTemplate }>;

/** The prompt's own template (templates/prompts/<key>.mjml) and its props for one participant. */
export function promptTemplateInput(prompt: PromptDefinition, ctx: PromptSendContext): PromptTemplateInput {
  const missing = ctx.partnerAnswer === null;
  const card = missing && prompt.withoutPartner ? prompt.withoutPartner : prompt.card[ctx.recipient.role];
  const options = prompt.pollOptions ?? [];
  if (prompt.kind === 'poll') {
    if (options.length < 2) throw new Error(`Poll ${prompt.key} needs at least two options`);
    if (ctx.voteUrls && ctx.voteUrls.length !== options.length) {
      throw new Error(`Poll ${prompt.key}: ${ctx.voteUrls.length} vote links for ${options.length} options`);
    }
  }
  return {
    name: libraryPromptTemplate(prompt.key),
    props: {
      ...ctx.recipient,
      week: ctx.week,
      totalWeeks: ctx.totalWeeks,
      title: prompt.title,
      ask: card.ask,
      minutes: prompt.minutes,
      replyHint: card.replyHint,
      image: prompt.image ? resolveImage(prompt.image, ctx.assetBaseUrl) : undefined,
      // A pairing's own tour replaces the generic link.
      link: ctx.culture?.tour
        ? { url: ctx.culture.tour.url, label: `Open the tour: ${ctx.culture.tour.name}` }
        : prompt.link
          ? { ...prompt.link }
          : undefined,
      // Only a poll's options are votes with one-click links; a prompt's are a list to pick from.
      options: options.length
        ? options.map((label, i) => ({
            label,
            voteUrl: prompt.kind === 'poll' ? ctx.voteUrls?.[i] : undefined,
          }))
        : undefined,
      durationMinutes: prompt.kind === 'video-checkin' ? (prompt.callMinutes ?? 20) : undefined,
      proposedTimeText: ctx.proposedTimeText,
      emailKind: prompt.kind === 'poll' || prompt.kind === 'letter' ? prompt.kind : 'prompt',
      partnerAnswer: ctx.partnerAnswer ?? undefined,
      partnerAnswerMissing: missing || undefined,
      films: ctx.culture?.films,
      film: ctx.culture?.film,
      tour: ctx.culture?.tour,
    },
  };
}

const SAMPLE_PARTNER_ANSWER = 'What your partner wrote in reply to their part of this prompt appears here.';
const SAMPLE_PARTNER_ANSWERS: Record<string, string> = {
  'movie-club-pick':
    '2. I have never seen it, and I hear it is about habits and courage. Free on Saturday evening?',
  'squiggly-career-timeline':
    '2009 apprentice electrician\n2013 evening course in IT\n2016 first job as a web developer\n2021 UX designer',
  'article-podcast-club':
    'A 20-minute podcast on how people change careers. My question: which of its three tips would you try first?',
};

/**
 * A prompt as a mentee would get it in week 3, for previews and test sends by staff. A poll's
 * `voteUrls` are the real links' shape (VoteLinks.samples), so the preview shows what mail shows.
 */
export function samplePromptInput(
  prompt: PromptDefinition,
  voteUrls?: readonly string[],
): PromptTemplateInput {
  const { lang, programmeName, recipientName, role, partnerName, pauseUrl, unsubscribeUrl } =
    SAMPLE_PROMPT_PROPS;
  return promptTemplateInput(prompt, {
    recipient: {
      lang,
      programmeName,
      recipientName,
      role,
      // A circle prompt goes to a circle member, whose "partner" is the circle (PromptComposer).
      partnerName: prompt.theme === 'circle' ? SAMPLE_CIRCLE_NAME : partnerName,
      pauseUrl,
      unsubscribeUrl,
      circleName: prompt.theme === 'circle' ? SAMPLE_CIRCLE_NAME : undefined,
    },
    week: SAMPLE_PROMPT_PROPS.week,
    totalWeeks: SAMPLE_PROMPT_PROPS.totalWeeks,
    assetBaseUrl: 'https://mentormail.example/static/',
    voteUrls: voteUrls ?? prompt.pollOptions?.map((_, i) => `https://mentormail.example/v/sample-${i + 1}`),
    proposedTimeText: SAMPLE_PROMPT_PROPS.proposedTimeText,
    culture: sampleCulture(prompt),
    // The sample reader is a mentee: a mentor-first step shows the mentor's answer, as real mail does.
    partnerAnswer:
      prompt.reacts === role ? (SAMPLE_PARTNER_ANSWERS[prompt.key] ?? SAMPLE_PARTNER_ANSWER) : undefined,
  });
}

/** What a pairing's copy is filled with, from the default catalogue, so a preview shows real mail. */
export function sampleCulture(prompt: PromptDefinition): PromptSendContext['culture'] {
  const films = DEFAULT_FILMS.filter((f) => f.minAge <= 8)
    .slice(2, 5)
    .map((f, i): FilmCard => ({
      number: i + 1,
      title: f.title,
      year: f.year,
      runtimeText: `${Math.floor(f.runtimeMinutes / 60)} h ${f.runtimeMinutes % 60} min`,
      ageRating: f.ageRating,
      themesText: f.themes.join(', '),
      discussionAngle: f.discussionAngle,
    }));
  if (prompt.uses === 'film-pick') return { films };
  if (prompt.uses === 'film-discussion') return { film: films[0] };
  if (prompt.uses === 'virtual-tour') return { tour: { ...DEFAULT_TOURS[0] } };
  return undefined;
}

function resolveImage(image: { src: string; alt: string }, assetBaseUrl: string): ImageRef {
  return { url: new URL(image.src, assetBaseUrl).toString(), alt: image.alt };
}
