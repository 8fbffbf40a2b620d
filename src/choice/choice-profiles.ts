import type { MatchProfile, MentorProfile } from '../matching/match.types';
import type { ChoicePerson } from './choice.repository';

/** The engine's view of a stored person: the profile's answers and the participant's time zone. */
export function matchProfileOf(p: ChoicePerson): MatchProfile {
  return {
    id: p.participant.id,
    languages: p.profile.languages,
    timeZone: p.participant.timeZone,
    availability: p.profile.availability,
    topics: p.profile.topics,
    goals: p.profile.goals,
    industry: p.profile.industry,
    background: p.profile.background,
    bio: p.profile.bio ?? p.participant.about ?? undefined,
    preferences: p.profile.preferences,
  };
}

export function mentorProfileOf(p: ChoicePerson): MentorProfile {
  return { ...matchProfileOf(p), capacity: p.profile.capacity ?? 1 };
}
