import { SAMPLE_MENTEE, SAMPLE_MENTOR } from './sample-people';
import type { CatalogTemplate, TemplatePropsMap } from './template-catalog';

/** Samples for some of the catalog's templates, each with its own props type. */
type Samples<N extends CatalogTemplate> = { readonly [K in N]: TemplatePropsMap[K] };

/** The video check-in's emails (see sample-props.ts, which holds one sample per template). */
export const CHECKIN_SAMPLES: Samples<'checkin-pick' | 'checkin-invitation' | 'notice-checkin'> = {
  'checkin-pick': {
    ...SAMPLE_MENTEE,
    proposerName: 'Jordan',
    times: [
      { number: 1, text: 'Tuesday 14 January at 12:00' },
      { number: 2, text: 'Thursday 16 January at 13:30' },
    ],
    zone: 'America/New_York',
    durationMinutes: 20,
    note: 'Either works for me.\nJitsi: https://meet.jit.si/northside-jordan',
  },
  'checkin-invitation': {
    ...SAMPLE_MENTOR,
    partnerFirstNames: 'Amira',
    whenText: 'Tuesday 14 January at 18:00',
    zone: 'Europe/Berlin',
    durationMinutes: 20,
    videoLink: 'https://meet.jit.si/northside-jordan',
  },
  'notice-checkin': {
    ...SAMPLE_MENTOR,
    variant: 'no_times',
    partnerFirstNames: 'Amira',
    zone: 'Europe/Berlin',
    examples: ['Tue 14 Jan 18:00', '14/01 6pm', 'Thursday 7:30pm'],
    times: [{ number: 1, text: 'Tuesday 14 January at 18:00' }],
    picked: 4,
    unreadable: [{ line: 'Wed 14 Jan 18:00', why: '14 January 2025 is a Tuesday' }],
  },
};

/** Enrolment by email: the confirmation, the questions, the summary and a guardian's consent. */
export const ENROLMENT_SAMPLES: Samples<
  'enrol-confirm' | 'enrol-questions' | 'enrol-summary' | 'enrol-guardian-consent'
> = {
  'enrol-confirm': {
    lang: 'en-GB',
    programmeName: 'Northside Futures',
    recipientName: 'Amira',
    invitedBy: 'staff',
    roleText: 'mentee',
    programmeDescription:
      'Northside Futures pairs young people in Leeds with professionals for twelve weeks.',
    termsUrl: 'https://northside.example/terms',
    confirmUrl: 'https://mentormail.example/confirm/abcdefghijklmnopq',
    reminder: false,
  },
  'enrol-questions': {
    lang: 'en-GB',
    programmeName: 'Northside Futures',
    recipientName: 'Amira',
    mode: 'again',
    questions: [
      {
        number: 3,
        text: 'Which topics and skills would you like to talk about?',
        options: ['Coding', 'Design'],
      },
      { number: 7, text: 'Where do you live? A city is enough, for your time zone.' },
    ],
    recorded: [{ number: 2, label: 'Name', value: 'Amira' }],
    problems: [
      { number: 3, label: 'Topics', why: '"pottery" is not on the list: please name one or more from it' },
    ],
  },
  'enrol-summary': {
    lang: 'en-GB',
    programmeName: 'Northside Futures',
    recipientName: 'Amira',
    mode: 'complete',
    recorded: [
      { number: 2, label: 'Name', value: 'Amira' },
      { number: 8, label: 'Availability', value: 'Tue 18:00-21:00, Thu 18:00-21:00' },
    ],
    guardianPending: true,
    // A young person open to either role, waiting for a guardian and for screening: every new sentence.
    screeningPending: 'either',
  },
  'enrol-guardian-consent': {
    lang: 'en-GB',
    programmeName: 'Northside Futures',
    childName: 'Amira',
    consentAge: 16,
    programmeDescription:
      'Northside Futures pairs young people in Leeds with professionals for twelve weeks.',
    termsUrl: 'https://northside.example/terms',
    consentUrl: 'https://mentormail.example/consent/abcdefghijklmnopq',
  },
};
