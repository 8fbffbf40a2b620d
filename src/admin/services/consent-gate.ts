import type { EnrolmentRepository } from '../../enrolment/enrolment.repository';
import {
  awaitsGuardianConsent,
  awaitsScreening,
  type ConsentFacts,
  type ScreeningFacts,
} from '../../matching/readiness';
import type { Participant } from '../../programs/entities/participant.entity';
import { SCREENING_NAME } from '../../programs/screening-checks';
import type { Programme } from '../../programs/entities/programme.entity';
import { AdminInputError } from '../admin.errors';

/**
 * Why staff may not put `name` in a pairing or circle yet, or null. Decided by
 * `awaitsGuardianConsent` (src/matching/readiness.ts), the rule matching and `#join` follow too;
 * this only words it. `facts` null: no profile (added by CSV or the API), so no age is known.
 */
export function consentAwaitedProblem(
  name: string,
  facts: ConsentFacts | null,
  programme: Pick<Programme, 'consentAge'>,
): string | null {
  if (!awaitsGuardianConsent(facts, programme)) return null;
  const age = facts?.age ?? null;
  const why =
    age === null
      ? `the programme asks it under ${programme.consentAge} and their age is not known`
      : `they are ${age}, under the programme's consent age of ${programme.consentAge}`;
  return `${name}: guardian consent is awaited (${why})`;
}

/**
 * Refuses (a 400 naming each person) when anyone of `people` awaits a guardian's consent: before a
 * pairing or circle is made by hand, nobody in it may be a minor whose guardian has not agreed.
 */
export async function refuseAwaitingConsent(
  programme: Pick<Programme, 'consentAge'>,
  people: Participant[],
  profiles: Pick<EnrolmentRepository, 'find'>,
): Promise<void> {
  const problems: string[] = [];
  for (const person of people) {
    const problem = consentAwaitedProblem(person.name, await profiles.find(person.id), programme);
    if (problem) problems.push(problem);
  }
  if (problems.length)
    throw new AdminInputError(
      `${problems.join('; ')}. Nobody is placed with others before their guardian agrees by the consent link.`,
    );
}

/**
 * Why staff may not place `person` as a mentor yet, or null: the programme screens mentors
 * (`awaitsScreening`, src/matching/readiness.ts) and their background check or training is not
 * recorded. `recorded` null: a person not in the database yet (a CSV row).
 */
export function screeningAwaitedProblem(
  name: string,
  recorded: ScreeningFacts | null,
  programme: Pick<Programme, 'screeningRequired' | 'consentAge'>,
): string | null {
  if (!awaitsScreening(recorded, programme)) return null;
  const missing = [
    recorded?.backgroundCheckedAt ? null : SCREENING_NAME.background,
    recorded?.trainedAt ? null : SCREENING_NAME.training,
  ].filter((x) => x !== null);
  return `${name}: their ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not recorded`;
}

/**
 * Refuses (a 400 naming each person) when a mentor (a pairing's mentor, a circle's lead) is not
 * screened in a programme that screens mentors: nobody reaches a young person before staff
 * recorded their background check and training.
 */
export function refuseUnscreened(
  programme: Pick<Programme, 'screeningRequired' | 'consentAge'>,
  mentors: Participant[],
): void {
  const problems = mentors
    .map((m) => screeningAwaitedProblem(m.name, m, programme))
    .filter((p): p is string => p !== null);
  if (problems.length)
    throw new AdminInputError(
      `${problems.join('; ')}. This programme places a mentor once staff record both on their participant page.`,
    );
}
