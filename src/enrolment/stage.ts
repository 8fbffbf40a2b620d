/**
 * Where a person is on the way to being matched, as staff see it:
 * - `invited`: the confirmation is unanswered (or they said no);
 * - `confirmed`: address and terms confirmed, questionnaire not complete;
 * - `consented`: a guardian consented, the questionnaire is still not complete;
 * - `profile_complete`: every question answered, a guardian's consent still awaited;
 * - `ready`: complete, and consented where the programme asks for it: matchable.
 * Nobody under the programme's consent age is ready before their guardian consents.
 */
export type EnrolmentStage = 'invited' | 'confirmed' | 'consented' | 'profile_complete' | 'ready';

export interface StageFacts {
  confirmedAt: Date | null;
  profileCompletedAt: Date | null;
  age: number | null;
  guardianConsentedAt: Date | null;
}

/** Whether a guardian must consent first: the programme asks it and the age is under it, or unknown. */
export function consentNeeded(p: Pick<StageFacts, 'age'>, programme: { consentAge: number | null }): boolean {
  return programme.consentAge !== null && (p.age === null || p.age < programme.consentAge);
}

export function enrolmentStage(p: StageFacts, programme: { consentAge: number | null }): EnrolmentStage {
  if (!p.confirmedAt) return 'invited';
  const consented = !consentNeeded(p, programme) || p.guardianConsentedAt !== null;
  if (!p.profileCompletedAt) return p.guardianConsentedAt && consented ? 'consented' : 'confirmed';
  return consented ? 'ready' : 'profile_complete';
}
