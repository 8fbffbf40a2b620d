import type { RoleWanted } from '../enrolment/entities/participant-profile.entity';

// A minimal readiness rule for mentee choice. The matching helper's src/matching/readiness.ts
// (not on main when this was written) holds the programme-wide rule; when it lands, `choiceSide`
// and `freePlaces` should ask it instead of repeating it here.

export interface ChoiceFacts {
  roleWanted: RoleWanted | null;
  confirmedAt: Date | null;
  profileCompletedAt: Date | null;
  age: number | null;
  guardianConsentedAt: Date | null;
  consentAge: number | null;
  /** A mentor's capacity, 1 to 3; null counts as 1. */
  capacity: number | null;
  /** Mentees they mentor in active or paused pairings (a request they accepted is one). */
  menteesNow: number;
  /** Whether they are a mentee in an active or paused pairing. */
  mentoredNow: boolean;
}

/**
 * Which side a person may be on in a choosing programme now, or null when they may not be
 * suggested or asked: confirmed, profile complete, consented where the programme's consent age
 * asks it. Mentees choose among mentors, so a person who said `either` is offered as a mentor.
 */
export function choiceSide(f: ChoiceFacts): 'mentor' | 'mentee' | null {
  if (!f.confirmedAt || !f.profileCompletedAt || !f.roleWanted) return null;
  const minor = f.consentAge !== null && f.age !== null && f.age < f.consentAge;
  if (minor && !f.guardianConsentedAt) return null;
  if (f.mentoredNow) return null;
  return f.roleWanted === 'mentee' ? 'mentee' : 'mentor';
}

/** Places a mentor has left: capacity less the mentees they have now. */
export function freePlaces(f: Pick<ChoiceFacts, 'capacity' | 'menteesNow'>): number {
  return Math.max(0, (f.capacity ?? 1) - f.menteesNow);
}
