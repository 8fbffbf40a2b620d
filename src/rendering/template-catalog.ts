import type {
  CcExposedProps,
  CommandConfirmationProps,
  DigestWeeklyProps,
  HeldAuthenticationProps,
  LetterReturnedProps,
  PollProps,
  PromptProps,
  RejectedEmptyProps,
  RejectedInactivePairingProps,
  RejectedUnknownSenderProps,
  SizeNoticeProps,
  VideoCheckinProps,
} from './template-props';

/** One name, one props type per template (the compiler checks every send against it). */
export interface TemplatePropsMap {
  prompt: PromptProps;
  poll: PollProps;
  'video-checkin': VideoCheckinProps;
  'letter-returned': LetterReturnedProps;
  'digest-weekly': DigestWeeklyProps;
  'notice-rejected-unknown-sender': RejectedUnknownSenderProps;
  'notice-rejected-inactive-pairing': RejectedInactivePairingProps;
  'notice-rejected-too-large': SizeNoticeProps;
  'notice-rejected-empty': RejectedEmptyProps;
  'notice-held-authentication': HeldAuthenticationProps;
  'notice-cc-exposed': CcExposedProps;
  'notice-command-confirmation': CommandConfirmationProps;
  'notice-delivery-too-large': SizeNoticeProps;
}

export type TemplateName = keyof TemplatePropsMap;
export type TemplateProps<N extends TemplateName> = TemplatePropsMap[N];

/** A name with its matching props, for callers that choose the template at run time. */
export type TemplateInput = { [N in TemplateName]: { name: N; props: TemplateProps<N> } }[TemplateName];

/**
 * Where each template lives under templates/. Boot fails if a listed file is missing or a
 * content file exists that is not listed, so a new template cannot be silently unreachable.
 */
export const TEMPLATE_FILES: { readonly [N in TemplateName]: string } = {
  prompt: 'prompts/prompt.mjml',
  poll: 'prompts/poll.mjml',
  'video-checkin': 'prompts/video-checkin.mjml',
  'letter-returned': 'prompts/letter-returned.mjml',
  'digest-weekly': 'digests/weekly.mjml',
  'notice-rejected-unknown-sender': 'notices/rejected-unknown-sender.mjml',
  'notice-rejected-inactive-pairing': 'notices/rejected-inactive-pairing.mjml',
  'notice-rejected-too-large': 'notices/rejected-too-large.mjml',
  'notice-rejected-empty': 'notices/rejected-empty.mjml',
  'notice-held-authentication': 'notices/held-authentication.mjml',
  'notice-cc-exposed': 'notices/cc-exposed.mjml',
  'notice-command-confirmation': 'notices/command-confirmation.mjml',
  'notice-delivery-too-large': 'notices/delivery-too-large.mjml',
};

export const TEMPLATE_NAMES = Object.keys(TEMPLATE_FILES) as TemplateName[];

/** Folders holding one email each; layouts/ and partials/ are building blocks. */
export const CONTENT_FOLDERS = ['prompts', 'digests', 'notices'] as const;
export const LAYOUT_FILE = 'layouts/base.mjml';
