/**
 * Why a pairing is in the work queue. One vocabulary: the signal's name, the `signal` stored on a
 * resolve or snooze, and (humanised in SIGNAL_TEXT) what staff read.
 */
export type AttentionSignal =
  | 'no_first_exchange'
  | 'reply_owed'
  | 'one_sided'
  | 'low_score'
  | 'delivery_problem'
  | 'moderation_hold'
  | 'consent_withdrawn'
  | 'screening_missing'
  | 'long_silence'
  | 'nudges_unanswered';

export const SIGNALS: readonly AttentionSignal[] = [
  'no_first_exchange',
  'reply_owed',
  'one_sided',
  'low_score',
  'delivery_problem',
  'moderation_hold',
  'consent_withdrawn',
  'screening_missing',
  'long_silence',
  'nudges_unanswered',
];

/** What each signal means, in plain words: first on each queue item and in the staff digest. */
export const SIGNAL_TEXT: Record<AttentionSignal, string> = {
  no_first_exchange: 'No first exchange yet',
  reply_owed: 'A reply is owed',
  one_sided: 'One person is writing alone',
  low_score: 'Low pulse or survey score',
  delivery_problem: 'Email to a member bounces or is blocked',
  moderation_hold: 'A message is held for review',
  consent_withdrawn: 'A guardian withdrew consent',
  screening_missing: "A mentor's background check or training is not recorded",
  long_silence: 'Gone quiet after being active',
  nudges_unanswered: 'Reminders went unanswered',
};

/** How much each signal takes from a pairing's health (100 = nothing wrong), worst first. */
export const SIGNAL_WEIGHT: Record<AttentionSignal, number> = {
  moderation_hold: 40,
  consent_withdrawn: 40,
  screening_missing: 40,
  delivery_problem: 35,
  low_score: 35,
  no_first_exchange: 30,
  nudges_unanswered: 30,
  one_sided: 25,
  reply_owed: 20,
  long_silence: 20,
};

export interface SignalRow {
  pairingId: string;
  signal: AttentionSignal;
  /** When the condition became true (the queue shows "since"); a resolve before it does not count. */
  since: Date;
  /** Who it is about, where one person is (the one who owes a reply, the bounced member, the scorer). */
  participantId: string | null;
  /** Staff-only detail: a score and its comment, a bounce's address state. */
  detail: string | null;
}

export function healthScore(signals: readonly AttentionSignal[]): number {
  return Math.max(0, 100 - signals.reduce((sum, s) => sum + SIGNAL_WEIGHT[s], 0));
}
