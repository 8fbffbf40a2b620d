import type { TemplateInput } from '../../rendering/template-catalog';
import type { ImageRef, ParticipantProps } from '../../rendering/template-props';
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
}

export type PromptTemplateInput = Extract<TemplateInput, { name: 'prompt' | 'poll' | 'video-checkin' }>;

/** The template and props for sending one library prompt to one participant. */
export function promptTemplateInput(prompt: PromptDefinition, ctx: PromptSendContext): PromptTemplateInput {
  const copy = prompt.body[ctx.recipient.role];
  const base = { ...ctx.recipient, week: ctx.week, totalWeeks: ctx.totalWeeks, title: prompt.title };

  if (prompt.kind === 'poll') {
    const options = prompt.pollOptions ?? [];
    if (options.length < 2) throw new Error(`Poll ${prompt.key} needs at least two options`);
    if (ctx.voteUrls && ctx.voteUrls.length !== options.length) {
      throw new Error(`Poll ${prompt.key}: ${ctx.voteUrls.length} vote links for ${options.length} options`);
    }
    return {
      name: 'poll',
      props: {
        ...base,
        intro: copy.intro,
        question: copy.ask,
        options: options.map((label, i) => ({ label, voteUrl: ctx.voteUrls?.[i] })),
        minutes: prompt.minutes,
        replyHint: copy.replyHint,
      },
    };
  }

  const shared = {
    ...base,
    intro: copy.intro,
    ask: copy.ask,
    minutes: prompt.minutes,
    replyHint: copy.replyHint,
    roleLine: copy.roleLine,
    link: prompt.link ? { ...prompt.link } : undefined,
  };

  if (prompt.kind === 'video-checkin') {
    return {
      name: 'video-checkin',
      props: { ...shared, durationMinutes: prompt.callMinutes ?? 20, proposedTimeText: ctx.proposedTimeText },
    };
  }

  return {
    name: 'prompt',
    props: {
      ...shared,
      example: copy.example,
      image: prompt.image ? resolveImage(prompt.image, ctx.assetBaseUrl) : undefined,
      options: prompt.pollOptions ? [...prompt.pollOptions] : undefined,
      replyLine:
        prompt.kind === 'letter'
          ? 'Just reply to this email with your letter. MentorMail keeps it and sends it back to you near the end.'
          : undefined,
    },
  };
}

function resolveImage(image: { src: string; alt: string }, assetBaseUrl: string): ImageRef {
  return { url: new URL(image.src, assetBaseUrl).toString(), alt: image.alt };
}
