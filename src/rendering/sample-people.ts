import type { ParticipantProps } from './template-props';

/** The mentee and mentor every sample email is written to (see sample-props.ts). */
export const SAMPLE_MENTEE: ParticipantProps = {
  lang: 'en-GB',
  programmeName: 'Northside Futures',
  recipientName: 'Amira',
  role: 'mentee',
  partnerName: 'Jordan',
  pauseUrl: 'https://mentormail.example/p/pause?t=abc',
  unsubscribeUrl: 'https://mentormail.example/p/unsubscribe?t=abc',
};

export const SAMPLE_MENTOR: ParticipantProps = {
  ...SAMPLE_MENTEE,
  recipientName: 'Jordan',
  role: 'mentor',
  partnerName: 'Amira',
};
