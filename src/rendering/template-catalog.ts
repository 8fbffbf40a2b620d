import type {
  AttachmentsDroppedProps,
  CcExposedProps,
  CheckinInvitationProps,
  ChoiceAnswerProps,
  ChoiceRequestProps,
  ChoiceSuggestionsProps,
  ChoiceUpdateProps,
  CheckinNoticeProps,
  CheckinPickProps,
  CircleChangeProps,
  RoomCallProps,
  StaffMessageProps,
  PairingPausedProps,
  NudgeProps,
  StaffDigestProps,
  RoomChangeProps,
  CommandConfirmationProps,
  CircleDigestProps,
  CircleWelcomeProps,
  DigestWeeklyProps,
  EmailKind,
  HeldAuthenticationProps,
  HeldPausedPairingProps,
  ModerationNoticeProps,
  CurriculumClosingProps,
  ContinueInviteProps,
  PairingEndedProps,
  TwoWeeksLeftProps,
  LetterReturnedProps,
  LibraryPromptProps,
  PollNotCountedProps,
  RejectedEmptyProps,
  RejectedInactivePairingProps,
  RejectedMalformedProps,
  RejectedUnknownSenderProps,
  NoticesAddressProps,
  ReplyDayProps,
  SizeNoticeProps,
  WelcomeProps,
  EnrolConfirmProps,
  EnrolQuestionsProps,
  EnrolSummaryProps,
  GuardianConsentProps,
} from './template-props';

/** One name, one props type per template (the compiler checks every send against it). */
export interface TemplatePropsMap {
  'letter-returned': LetterReturnedProps;
  'digest-weekly': DigestWeeklyProps;
  'digest-circle': CircleDigestProps;
  'notice-rejected-unknown-sender': RejectedUnknownSenderProps;
  'notice-rejected-inactive-pairing': RejectedInactivePairingProps;
  'notice-rejected-too-large': SizeNoticeProps;
  'notice-rejected-empty': RejectedEmptyProps;
  'notice-held-authentication': HeldAuthenticationProps;
  'notice-cc-exposed': CcExposedProps;
  'notice-attachments-dropped': AttachmentsDroppedProps;
  'notice-command-confirmation': CommandConfirmationProps;
  'notice-delivery-too-large': SizeNoticeProps;
  'notice-rejected-malformed': RejectedMalformedProps;
  'notice-poll-not-counted': PollNotCountedProps;
  welcome: WelcomeProps;
  'welcome-circle': CircleWelcomeProps;
  'checkin-pick': CheckinPickProps;
  'checkin-invitation': CheckinInvitationProps;
  'notice-checkin': CheckinNoticeProps;
  'notice-held-paused-pairing': HeldPausedPairingProps;
  'notice-moderation': ModerationNoticeProps;
  'notice-two-weeks-left': TwoWeeksLeftProps;
  'notice-curriculum-closing': CurriculumClosingProps;
  'notice-pairing-ended': PairingEndedProps;
  'notice-continue-invite': ContinueInviteProps;
  'notice-notices-address': NoticesAddressProps;
  'notice-reply-day': ReplyDayProps;
  'notice-choice-suggestions': ChoiceSuggestionsProps;
  'notice-choice-update': ChoiceUpdateProps;
  'notice-choice-request': ChoiceRequestProps;
  'notice-choice-answer': ChoiceAnswerProps;
  'enrol-confirm': EnrolConfirmProps;
  'enrol-questions': EnrolQuestionsProps;
  'enrol-summary': EnrolSummaryProps;
  'enrol-guardian-consent': GuardianConsentProps;
  'notice-circle-change': CircleChangeProps;
  'notice-room-change': RoomChangeProps;
  'notice-room-call': RoomCallProps;
  'notice-staff-message': StaffMessageProps;
  'notice-pairing-paused': PairingPausedProps;
  'notice-nudge': NudgeProps;
  'digest-staff': StaffDigestProps;
}

/** A library prompt's email: `prompt:<key>`, from templates/prompts/<key>.mjml. */
export type LibraryPromptTemplate = `prompt:${string}`;

export type CatalogTemplate = keyof TemplatePropsMap;
export type TemplateName = CatalogTemplate | LibraryPromptTemplate;
export type TemplateProps<N extends TemplateName> = N extends CatalogTemplate
  ? TemplatePropsMap[N]
  : LibraryPromptProps;

/** A name with its matching props, for callers that choose the template at run time. */
export type TemplateInput =
  | { [N in CatalogTemplate]: { name: N; props: TemplatePropsMap[N] } }[CatalogTemplate]
  | { name: LibraryPromptTemplate; props: LibraryPromptProps };

const LIBRARY_PREFIX = 'prompt:';

export function libraryPromptTemplate(key: string): LibraryPromptTemplate {
  return `${LIBRARY_PREFIX}${key}`;
}

export function isLibraryPromptTemplate(name: string): name is LibraryPromptTemplate {
  return name.startsWith(LIBRARY_PREFIX);
}

/** The library prompt's key of a `prompt:<key>` template; undefined for any other template. */
export function libraryPromptKey(name: string): string | undefined {
  return isLibraryPromptTemplate(name) ? name.slice(LIBRARY_PREFIX.length) : undefined;
}

/**
 * Where each template lives under templates/. Every other file in prompts/ is a library prompt's
 * email, named after the prompt's key. Boot fails if a listed file is missing or a digest or
 * notice file is not listed, so a new template cannot be silently unreachable (and the prompts
 * module checks that every library prompt has its file).
 */
export const TEMPLATE_FILES: { readonly [N in CatalogTemplate]: string } = {
  'letter-returned': 'prompts/letter-returned.mjml',
  'digest-weekly': 'digests/weekly.mjml',
  'digest-circle': 'digests/circle.mjml',
  'notice-rejected-unknown-sender': 'notices/rejected-unknown-sender.mjml',
  'notice-rejected-inactive-pairing': 'notices/rejected-inactive-pairing.mjml',
  'notice-rejected-too-large': 'notices/rejected-too-large.mjml',
  'notice-rejected-empty': 'notices/rejected-empty.mjml',
  'notice-held-authentication': 'notices/held-authentication.mjml',
  'notice-cc-exposed': 'notices/cc-exposed.mjml',
  'notice-attachments-dropped': 'notices/attachments-dropped.mjml',
  'notice-command-confirmation': 'notices/command-confirmation.mjml',
  'notice-delivery-too-large': 'notices/delivery-too-large.mjml',
  'notice-rejected-malformed': 'notices/rejected-malformed.mjml',
  'notice-poll-not-counted': 'notices/poll-not-counted.mjml',
  welcome: 'prompts/welcome.mjml',
  'welcome-circle': 'prompts/welcome-circle.mjml',
  'checkin-pick': 'prompts/checkin-pick.mjml',
  'checkin-invitation': 'prompts/checkin-invitation.mjml',
  'notice-checkin': 'notices/checkin.mjml',
  'notice-held-paused-pairing': 'notices/held-paused-pairing.mjml',
  'notice-moderation': 'notices/moderation.mjml',
  'notice-two-weeks-left': 'notices/two-weeks-left.mjml',
  'notice-curriculum-closing': 'notices/curriculum-closing.mjml',
  'notice-pairing-ended': 'notices/pairing-ended.mjml',
  'notice-continue-invite': 'notices/continue-invite.mjml',
  'notice-notices-address': 'notices/notices-address.mjml',
  'notice-reply-day': 'notices/reply-day.mjml',
  'notice-choice-suggestions': 'notices/choice-suggestions.mjml',
  'notice-choice-update': 'notices/choice-update.mjml',
  'notice-choice-request': 'notices/choice-request.mjml',
  'notice-choice-answer': 'notices/choice-answer.mjml',
  'enrol-confirm': 'notices/enrol-confirm.mjml',
  'enrol-questions': 'notices/enrol-questions.mjml',
  'enrol-summary': 'notices/enrol-summary.mjml',
  'enrol-guardian-consent': 'notices/enrol-guardian-consent.mjml',
  'notice-circle-change': 'notices/circle-change.mjml',
  'notice-room-change': 'notices/room-change.mjml',
  'notice-room-call': 'notices/room-call.mjml',
  'notice-staff-message': 'notices/staff-message.mjml',
  'notice-pairing-paused': 'notices/pairing-paused.mjml',
  'notice-nudge': 'notices/nudge.mjml',
  'digest-staff': 'digests/staff.mjml',
};

export const TEMPLATE_NAMES = Object.keys(TEMPLATE_FILES) as CatalogTemplate[];

/** What each catalog email is, for the footer (templates/partials/footer.mjml) to say who reads it. */
export const TEMPLATE_KINDS: { readonly [N in CatalogTemplate]: EmailKind } = {
  'letter-returned': 'letter-returned',
  'digest-weekly': 'digest',
  'digest-circle': 'digest',
  'notice-rejected-unknown-sender': 'notice',
  'notice-rejected-inactive-pairing': 'notice',
  'notice-rejected-too-large': 'notice',
  'notice-rejected-empty': 'notice',
  'notice-held-authentication': 'notice',
  'notice-cc-exposed': 'notice',
  'notice-attachments-dropped': 'notice',
  'notice-command-confirmation': 'notice',
  'notice-delivery-too-large': 'notice',
  'notice-rejected-malformed': 'notice',
  'notice-poll-not-counted': 'notice',
  welcome: 'personal',
  'welcome-circle': 'personal',
  'checkin-pick': 'personal',
  'checkin-invitation': 'personal',
  'notice-checkin': 'notice',
  'notice-held-paused-pairing': 'notice',
  'notice-moderation': 'notice',
  'notice-two-weeks-left': 'notice',
  'notice-curriculum-closing': 'notice',
  'notice-pairing-ended': 'notice',
  'notice-continue-invite': 'notice',
  'notice-notices-address': 'notice',
  'notice-reply-day': 'notice',
  'notice-choice-suggestions': 'notice',
  'notice-choice-update': 'notice',
  'notice-choice-request': 'notice',
  'notice-choice-answer': 'notice',
  'enrol-confirm': 'notice',
  'enrol-questions': 'notice',
  'enrol-summary': 'notice',
  'enrol-guardian-consent': 'notice',
  'notice-circle-change': 'notice',
  'notice-room-change': 'notice',
  'notice-room-call': 'notice',
  'notice-staff-message': 'staff',
  'notice-pairing-paused': 'notice',
  // From the pair's address: a reply goes to the partner, as the footer of a personal email says.
  'notice-nudge': 'personal',
  'digest-staff': 'notice',
};

/** A library prompt says its own kind (poll, letter); any other template is what the catalog says. */
export function emailKindOf(name: TemplateName, props: object): EmailKind {
  const own = (props as { emailKind?: EmailKind }).emailKind;
  if (isLibraryPromptTemplate(name)) return own ?? 'prompt';
  return TEMPLATE_KINDS[name];
}

/** The folder holding one file per library prompt (beside the catalog's prompt emails). */
export const LIBRARY_PROMPTS_FOLDER = 'prompts';

/** Folders holding one email each; layouts/ and partials/ are building blocks. */
export const CONTENT_FOLDERS = ['prompts', 'digests', 'notices'] as const;
export const LAYOUT_FILE = 'layouts/base.mjml';
