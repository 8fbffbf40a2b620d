import type { RoleWanted } from '../enrolment/entities/participant-profile.entity';
import { consentNeeded } from '../enrolment/stage';
import type { ParticipantRole } from '../programs/entities/participant.entity';
import { screeningOn } from '../programs/entities/programme.entity';

/**
 * What decides whether a person may be matched now: their profile's stage, the programme's
 * consent age, and the pairings they are already in. Gathered by ReadinessRepository; judged only
 * by `readiness` below, the one place the rule lives (enrolment's stage and matching both ask it).
 */
export interface ReadinessFacts {
  roleWanted: RoleWanted | null;
  confirmedAt: Date | null;
  profileCompletedAt: Date | null;
  age: number | null;
  guardianConsentedAt: Date | null;
  /** The programme's `consent_age` (null: no guardian consent asked). */
  consentAge: number | null;
  /** When staff recorded the person's background check and training (see `awaitsScreening`). */
  backgroundCheckedAt: Date | null;
  trainedAt: Date | null;
  /** The programme's `screening_required` (null: on when it asks guardian consent). */
  screeningRequired: boolean | null;
  /** The mentor's stated capacity (1 to 3); null counts as 1. */
  capacity: number | null;
  /** Mentees they mentor in active or paused pairs (circles and topic rooms are not pairs). */
  menteesNow: number;
  /** Active or paused circles they lead: each takes one of their places, whatever its size. */
  circlesLed: number;
  /** Whether they are a mentee in an active or paused pair. */
  mentoredNow: boolean;
  /** Whether they are a current member (not left) of an active or paused circle. */
  inCircle: boolean;
}

export type NotReadyReason =
  | 'unconfirmed'
  | 'profile-incomplete'
  | 'guardian-consent'
  | 'paired'
  | 'in-circle'
  | 'screening'
  | 'mentor-full';

export type Readiness =
  | {
      ready: true;
      /** The sides they may still be matched on: `either` people unpaired may go on both. */
      sides: ParticipantRole[];
      /** Places left if matched as a mentor. */
      freePlaces: number;
    }
  | { ready: false; reason: NotReadyReason };

/** What guardian consent is judged on: the person's stated age and their guardian's agreement. */
export interface ConsentFacts {
  age: number | null;
  guardianConsentedAt: Date | null;
}

/**
 * Whether a guardian's consent is needed and not given: the programme has a consent age and the
 * person is under it, or their age is unknown (no profile, or a profile from before the programme
 * asked), and no guardian has agreed. `null` is a person with no profile at all. A programme with
 * no consent age never waits. The one rule for every way into a group: matching (`readiness`), a
 * pairing or circle made by staff or imported by CSV, and a topic room's `#join`.
 */
export function awaitsGuardianConsent(
  person: ConsentFacts | null,
  programme: { consentAge: number | null },
): boolean {
  return consentNeeded({ age: person?.age ?? null }, programme) && !person?.guardianConsentedAt;
}

/** What screening is judged on: when staff recorded the person's background check and training. */
export interface ScreeningFacts {
  backgroundCheckedAt: Date | null;
  trainedAt: Date | null;
}

/**
 * Whether the programme asks for screening and this person's background check or training is not
 * recorded: then they may not be placed as a mentor (a mentee needs none). `null` is a person
 * whose record is not known. The one rule for every way a mentor reaches others: matching
 * (`readiness`), a pairing or circle made by staff or imported by CSV, and a topic room's `#join`.
 */
export function awaitsScreening(
  person: ScreeningFacts | null,
  programme: { screeningRequired: boolean | null; consentAge: number | null },
): boolean {
  return screeningOn(programme) && !(person?.backgroundCheckedAt && person.trainedAt);
}

export function capacityOf(facts: Pick<ReadinessFacts, 'capacity'>): number {
  return facts.capacity ?? 1;
}

/** A mentor's places in use: each mentee of their pairs, and one for each circle they lead. */
export function placesTaken(facts: Pick<ReadinessFacts, 'menteesNow' | 'circlesLed'>): number {
  return facts.menteesNow + facts.circlesLed;
}

/**
 * Ready: confirmed, profile complete, consented where the programme's consent age asks it (an
 * unknown age is held back, as enrolment's stage holds it: see `awaitsGuardianConsent`), screened
 * to be a mentor where the programme asks it (`awaitsScreening`; else a mentee only), and not
 * already placed: a mentee in an active or paused pair, or a current member of such a circle, is taken; a mentor is taken once their pairs' mentees and the
 * circles they lead (one place each) fill their capacity. Topic rooms place nobody. Someone who
 * said `either` and is mentoring already stays a mentor.
 */
export function readiness(f: ReadinessFacts): Readiness {
  if (!f.confirmedAt) return { ready: false, reason: 'unconfirmed' };
  if (!f.profileCompletedAt || !f.roleWanted) return { ready: false, reason: 'profile-incomplete' };
  if (awaitsGuardianConsent(f, f)) return { ready: false, reason: 'guardian-consent' };
  if (f.mentoredNow) return { ready: false, reason: 'paired' };
  // A circle is a mentee's mentoring as a pair is: nobody is placed twice.
  if (f.inCircle) return { ready: false, reason: 'in-circle' };
  const taken = placesTaken(f);
  const freePlaces = Math.max(0, capacityOf(f) - taken);
  const unscreened = awaitsScreening(f, f);
  if (taken > 0 || f.roleWanted === 'mentor') {
    if (f.roleWanted === 'mentee') return { ready: false, reason: 'paired' };
    if (unscreened) return { ready: false, reason: 'screening' };
    return freePlaces > 0
      ? { ready: true, sides: ['mentor'], freePlaces }
      : { ready: false, reason: 'mentor-full' };
  }
  // Someone who said `either` and is not screened may still be mentored.
  if (f.roleWanted === 'mentee' || unscreened) return { ready: true, sides: ['mentee'], freePlaces: 0 };
  return { ready: true, sides: ['mentor', 'mentee'], freePlaces };
}
