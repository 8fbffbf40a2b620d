import type { EnrolmentRepository } from '../../enrolment/enrolment.repository';
import { awaitsGuardianConsent, type ConsentFacts } from '../../matching/readiness';
import type { Participant } from '../../programs/entities/participant.entity';
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
