import {
  type CatalogTemplate,
  isLibraryPromptTemplate,
  libraryPromptKey,
  type TemplateInput,
  type TemplateName,
  type TemplatePropsMap,
} from './template-catalog';
import { CHECKIN_SAMPLES, ENROLMENT_SAMPLES } from './sample-props-lifecycle';
import { SAMPLE_MENTEE as mentee, SAMPLE_MENTOR as mentor } from './sample-people';
import type { LibraryPromptProps } from './template-props';

const week = { week: 3, totalWeeks: 12 };

/** The circle a sample circle member is in. */
export const SAMPLE_CIRCLE_NAME = 'Career changers';

/**
 * Any library prompt's email, with every optional fact present: each prompts/<key>.mjml is
 * filled with props of this shape (its words are in the file).
 */
export const SAMPLE_PROMPT_PROPS: LibraryPromptProps = {
  ...mentee,
  ...week,
  title: 'Goals moodboard',
  ask: 'Send 3 to 6 images or links that show where you want to be in a year, with one line each.',
  minutes: 15,
  replyHint: 'Attach or paste the images, one line under each.',
  image: {
    url: 'https://mentormail.example/static/moodboard.png',
    alt: 'A pinboard with photos and notes',
  },
  link: { url: 'https://mentormail.example/help/moodboard', label: 'Ideas for your moodboard' },
  options: [
    { label: 'Career', voteUrl: 'https://mentormail.example/v/1?t=abc' },
    { label: 'Study', voteUrl: 'https://mentormail.example/v/2?t=abc' },
    { label: 'Life outside work' },
  ],
  durationMinutes: 20,
  proposedTimeText: 'Thursday 12 March at 18:00',
};

/**
 * One realistic props object per template: the render-everything spec, the benchmark and
 * any preview screen use these. The compiler forces a sample for every new template.
 */
export const SAMPLE_PROPS: { readonly [N in CatalogTemplate]: TemplatePropsMap[N] } = {
  'letter-returned': {
    ...mentee,
    writtenInWeek: 3,
    writtenOnText: '2 March',
    letterText: 'Dear future me,\n\nI hope you applied for the course.\nEven if it felt scary.\n\nLove, me',
  },
  'digest-weekly': {
    ...mentor,
    ...week,
    prompt: { title: 'Goals moodboard', youAnswered: true, partnerAnswered: false },
    owesReply: { who: 'partner', sinceText: 'Tuesday 3 March' },
    pollResults: [
      {
        question: 'How is your mentoring going so far?',
        yourAnswer: 'On track',
        programme: {
          answers: 14,
          options: [
            { label: 'On track', votes: 9 },
            { label: 'Needs a tweak', votes: 4 },
            { label: 'Stuck', votes: 1 },
          ],
        },
        minAnswers: 5,
      },
      { question: 'Pulse check', minAnswers: 5 },
    ],
    next: { title: 'SMART goal', whenText: 'on Monday 9 March' },
    progress: { week: 3, totalWeeks: 12, promptsSent: 4, answeredByYou: 4, answeredByPartner: 3 },
    rooms: [
      { name: 'Getting into tech', topic: 'getting into tech', joined: true },
      { name: 'Applying to university', topic: 'applying to university', joined: false },
    ],
  },
  'digest-circle': {
    ...mentee,
    ...week,
    partnerName: SAMPLE_CIRCLE_NAME,
    circleName: SAMPLE_CIRCLE_NAME,
    talk: [
      { subject: 'Week 3: Book or film club: the pick', authorsText: 'Jordan, Priya and you', messages: 4 },
      { subject: 'Anyone tried a bootcamp?', authorsText: 'Sam', messages: 1 },
    ],
    prompt: {
      title: 'Book or film club: the pick',
      youAnswered: true,
      answeredByText: 'Jordan, Priya and you',
      answered: 3,
      members: 6,
    },
    pollResults: [
      {
        question: 'Halfway pulse',
        yourAnswer: 'Going well',
        circle: {
          answers: 4,
          options: [
            { label: 'Going well', votes: 3 },
            { label: 'Needs a tweak', votes: 1 },
            { label: 'Not working for me', votes: 0 },
          ],
        },
        minAnswers: 3,
      },
    ],
    next: { title: 'Skills swap', whenText: 'Friday 20 March at 09:00' },
    rooms: [{ name: 'Applying to university', topic: 'applying to university', joined: false }],
  },
  'notice-rejected-unknown-sender': {
    lang: 'en-GB',
    programmeName: 'Northside Futures',
    relayAddress: 'pair-7f3k@relay.mentormail.example',
    originalSubject: 'Hello there',
  },
  'notice-rejected-inactive-pairing': {
    ...mentee,
    originalSubject: 'Re: Week 3',
    reason: 'paused',
    resumesOnText: '16 March',
    staffContactText: 'Sam at the programme office',
  },
  'notice-rejected-too-large': {
    ...mentee,
    originalSubject: 'My portfolio',
    sizeText: '31.2 MB',
    limitText: '10 MB',
  },
  'notice-rejected-empty': { ...mentee, originalSubject: 'Re: Week 3' },
  'notice-held-paused-pairing': {
    ...mentee,
    originalSubject: 'Re: Week 3',
    staffContactText: 'Sam at the programme office',
  },
  'notice-moderation': {
    ...mentee,
    change: 'edited',
    originalSubject: 'Re: Week 3',
    staffContactText: 'Sam at the programme office',
    editedText: 'Thanks! Let us keep talking here. [contact details removed by the programme team]',
    reasonText: '',
  },
  'notice-two-weeks-left': {
    ...mentee,
    week: 11,
    totalWeeks: 12,
    weeksLeftTitle: 'Two weeks',
    lastPromptText: 'Saturday 23 May',
  },
  'notice-curriculum-closing': { ...mentee, totalWeeks: 12 },
  'notice-circle-change': {
    ...mentee,
    circleName: 'Career changers',
    change: 'you-left',
    memberName: 'Dana',
    leadsText: 'Jordan',
  },
  'notice-room-change': {
    lang: 'en-GB',
    programmeName: 'Northside Futures',
    recipientName: 'Amira',
    change: 'unknown-topic',
    roomName: '',
    roomAddress: '',
    topic: 'tech',
    rooms: [{ name: 'Getting into tech', topic: 'getting into tech' }],
  },
  'notice-room-call': {
    lang: 'en-GB',
    programmeName: 'Northside Futures',
    recipientName: 'Amira',
    stage: 'invitation',
    roomName: 'Getting into tech',
    whenText: 'Thursday 12 March at 18:00',
    zone: 'Europe/London',
    durationMinutes: 45,
    videoLink: 'https://meet.jit.si/northside-tech',
  },
  'notice-pairing-ended': { ...mentee, reason: 'rematch', staffContactText: 'Sam at the programme office' },
  'notice-staff-message': {
    ...mentor,
    subjectLine: 'A note from Northside Futures',
    body: 'Hi Jordan, how are things going?\nAmira may be busy with exams this month.',
    staffName: 'Sam Coordinator',
  },
  'notice-pairing-paused': { ...mentee, staffContactText: 'Sam at the programme office' },
  'notice-nudge': { ...mentor, sinceText: '5 days ago (Tuesday 3 March)' },
  'digest-staff': {
    lang: 'en-GB',
    programmeName: 'Northside Futures',
    recipientName: 'sam@northside.example',
    newCount: 1,
    newItems: [
      {
        reason: 'One side owes a reply for more than 14 days',
        pairing: 'Jordan (mentor), Amira (mentee)',
        programme: 'Northside Futures',
        sinceText: 'Tuesday 3 March',
        url: 'https://mentormail.example/admin/pairings/1',
      },
    ],
    dueCount: 0,
    dueItems: [],
    programmes: [
      {
        name: 'Northside Futures',
        funnelText: '40 enrolled, 18 matched, 15 first exchange, 12 active at week 4',
        replyTrendText: '2.1 days this week, 2.8 days the week before',
      },
    ],
    queueUrl: 'https://mentormail.example/admin/attention',
    settingsUrl: 'https://mentormail.example/admin/account',
  },
  'notice-continue-invite': {
    ...mentee,
    newEndsOnText: 'Tuesday 29 September 2026',
    endsOnText: 'Tuesday 30 June 2026',
  },
  'notice-reply-day': {
    ...mentee,
    dayText: 'Thursday',
    nextPromptText: 'Thursday 12 March at 09:00',
    closesOnText: 'Saturday 14 March at 09:00',
  },
  'notice-choice-suggestions': {
    lang: 'en-GB',
    programmeName: 'Northside Futures',
    recipientName: 'Amira',
    lead: 'first',
    numbersText: '1, 2 or 3',
    replyHoursText: '3 days',
    mentors: [
      {
        number: 1,
        name: 'Jordan',
        roleText: 'Software',
        bio: 'Backend engineer who switched careers at 30.',
        why: '3 shared topics, 1 h apart, both free Tuesdays',
      },
      { number: 2, name: 'Priya', roleText: 'Nursing', why: '2 shared topics, same time zone' },
      {
        number: 3,
        name: 'Sam',
        bio: 'Runs a small design studio.',
        why: '1 shared topic, both free Thursdays',
      },
    ],
  },
  'notice-choice-update': {
    lang: 'en-GB',
    programmeName: 'Northside Futures',
    recipientName: 'Amira',
    variant: 'declined',
    mentorName: 'Jordan',
    nextName: 'Priya',
    answerByText: 'Thursday 5 March at 14:00',
  },
  'notice-choice-request': {
    lang: 'en-GB',
    programmeName: 'Northside Futures',
    recipientName: 'Jordan',
    menteeName: 'Amira',
    bio: 'Second-year student who builds robots.',
    goalsText: 'first job, confidence',
    topicsText: 'software, interviews',
    why: '3 shared topics, 1 h apart, both free Tuesdays',
    answerByText: 'Thursday 5 March at 14:00',
  },
  'notice-choice-answer': {
    lang: 'en-GB',
    programmeName: 'Northside Futures',
    recipientName: 'Jordan',
    menteeName: 'Amira',
    variant: 'expired',
    replyHoursText: '3 days',
  },
  'notice-notices-address': {
    lang: 'en-GB',
    programmeName: 'Northside Futures',
    recipientName: 'Amira',
    noticesAddress: 'notices@relay.mentormail.example',
    originalSubject: 'Re: Not delivered: Week 3',
    relayAddress: 'amira-jordan@relay.mentormail.example',
    partnerName: 'Jordan',
    staffContactText: 'your programme coordinator',
  },
  'notice-held-authentication': {
    ...mentor,
    originalSubject: 'Re: Week 3',
    receivedAtText: '4 March at 09:12',
    staffContactText: 'Sam at the programme office',
  },
  'notice-cc-exposed': {
    ...mentor,
    originalSubject: 'Re: Week 3',
    copiedAddresses: ['friend@example.org', 'boss@example.com'],
  },
  'notice-attachments-dropped': {
    ...mentee,
    originalSubject: 'My CV and our next call',
    droppedFiles: [
      { name: 'Amira Haddad.vcf', why: 'a contact card, which carries your email address' },
      { name: 'smime.p7s', why: 'a digital signature, which carries your email address' },
    ],
  },
  'notice-command-confirmation': {
    ...mentee,
    command: 'pause',
    pausedUntilText: 'Monday 16 March',
    commands: [
      { example: '#pause 2', effect: 'pause prompts for 2 weeks' },
      { example: '#resume', effect: 'start prompts again' },
      { example: '#skip', effect: "skip this week's prompt" },
      { example: '#stop', effect: 'stop prompts; the conversation keeps working' },
      { example: '#help', effect: 'this list' },
    ],
  },
  'notice-delivery-too-large': {
    ...mentor,
    originalSubject: 'Slides',
    sizeText: '24 MB',
    limitText: '20 MB',
  },
  'notice-rejected-malformed': { ...mentee, originalSubject: 'Re: Week 3', problem: 'several_from' },
  'notice-poll-not-counted': {
    ...mentee,
    pollTitle: 'Halfway check-in',
    reason: 'no-vote',
    options: [
      { label: 'On track', voteUrl: 'https://mentormail.example/v/sample-1' },
      { label: 'Needs a tweak', voteUrl: 'https://mentormail.example/v/sample-2' },
      { label: 'Stuck', voteUrl: 'https://mentormail.example/v/sample-3' },
    ],
  },
  welcome: {
    ...mentee,
    partners: [
      { name: 'Jordan', role: 'mentor', about: 'UX designer at a small studio; switched careers at 30.' },
    ],
    partnerFirstNames: 'Jordan',
    relayAddress: 'northside-k3j9x2@relay.mentormail.example',
    commands: [
      { example: '#pause 2 weeks', effect: 'No prompts or digests for that long.' },
      { example: '#help', effect: 'This list.' },
    ],
    firstPrompt: {
      title: 'Two truths and a wish',
      whenText: 'Tuesday 3 March at 09:00',
      zone: 'Europe/London',
    },
  },
  'welcome-circle': {
    ...mentee,
    partnerName: SAMPLE_CIRCLE_NAME,
    circleName: SAMPLE_CIRCLE_NAME,
    memberCount: 6,
    leadsText: 'Jordan and Ana',
    relayAddress: 'career-changers-k3j9x2@relay.mentormail.example',
    commands: [
      { example: '#pause 2 weeks', effect: 'No prompts or digests for that long.' },
      { example: '#help', effect: 'This list.' },
    ],
    firstPrompt: {
      title: 'Introductions round',
      whenText: 'Tuesday 3 March at 09:00',
      zone: 'Europe/London',
    },
  },
  ...CHECKIN_SAMPLES,
  ...ENROLMENT_SAMPLES,
};

/** Sample props for any template: a library prompt gets SAMPLE_PROMPT_PROPS. */
export function sampleInput(name: TemplateName): TemplateInput {
  // Circle prompts (keys `circle-...`, src/prompts/library/prompts-circle.ts) go to a circle member.
  if (isLibraryPromptTemplate(name))
    return {
      name,
      props: libraryPromptKey(name)?.startsWith('circle-')
        ? { ...SAMPLE_PROMPT_PROPS, circleName: SAMPLE_CIRCLE_NAME }
        : SAMPLE_PROMPT_PROPS,
    };
  return { name, props: SAMPLE_PROPS[name as CatalogTemplate] } as TemplateInput;
}
