import { createHash } from 'node:crypto';
import type { ParticipantRole } from '../programs/entities/participant.entity';
import type { ForbiddenPair, MatchCriteria, MatchProfile, MentorProfile } from './match.types';
import { readiness, type NotReadyReason } from './readiness';
import type { ProfiledPerson } from './readiness.repository';
import { chooseSides } from './sides';

/** What one run of the engine is given for a programme, built from its rows. */
export interface MatchRound {
  mentors: MentorProfile[];
  mentees: MatchProfile[];
  /** The side each ready person is matched on (`either` people decided by chooseSides). */
  sides: Map<string, ParticipantRole>;
  notReady: { id: string; reason: NotReadyReason }[];
  forbidden: ForbiddenPair[];
  criteria: Partial<MatchCriteria>;
  /** A digest of all of the above: the same key means the same answer. */
  inputKey: string;
}

export function toMatchProfile(person: ProfiledPerson): MatchProfile {
  const { participant, profile } = person;
  return {
    id: participant.id,
    languages: profile.languages,
    timeZone: participant.timeZone,
    availability: profile.availability,
    topics: profile.topics,
    goals: profile.goals,
    industry: profile.industry,
    background: profile.background,
    bio: profile.bio ?? undefined,
    preferences: profile.preferences,
  };
}

/** The ready people of a programme as the engine's mentors (with their free places) and mentees. */
export function buildRound(
  people: readonly ProfiledPerson[],
  forbidden: readonly ForbiddenPair[],
  criteria: Partial<MatchCriteria>,
): MatchRound {
  const notReady: MatchRound['notReady'] = [];
  const ready: { person: ProfiledPerson; sides: ParticipantRole[]; freePlaces: number }[] = [];
  for (const person of people) {
    const state = readiness(person.facts);
    if (state.ready) ready.push({ person, sides: state.sides, freePlaces: state.freePlaces });
    else notReady.push({ id: person.participant.id, reason: state.reason });
  }
  const sides = chooseSides(
    ready.map((r) => ({ id: r.person.participant.id, sides: r.sides, freePlaces: r.freePlaces })),
  );
  const mentors: MentorProfile[] = [];
  const mentees: MatchProfile[] = [];
  for (const r of ready) {
    const profile = toMatchProfile(r.person);
    if (sides.get(profile.id) === 'mentor') mentors.push({ ...profile, capacity: r.freePlaces });
    else mentees.push(profile);
  }
  const key = createHash('sha256')
    .update(
      JSON.stringify({
        people: ready.map((r) => [
          sides.get(r.person.participant.id),
          r.freePlaces,
          toMatchProfile(r.person),
        ]),
        forbidden: forbidden.map((f) => `${f.mentorId}:${f.menteeId}`).sort(),
        criteria,
      }),
    )
    .digest('base64url');
  return { mentors, mentees, sides, notReady, forbidden: [...forbidden], criteria, inputKey: key };
}
