import type { Participant } from '../programs/entities/participant.entity';
import type { ParticipantProfile } from './entities/participant-profile.entity';
import type { ProfileState } from './questionnaire/questions';

/** The questionnaire's view of a person: their profile row, with the name and zone kept on the participant. */
export function profileState(p: { participant: Participant; profile: ParticipantProfile }): ProfileState {
  const { participant, profile } = p;
  return {
    roleWanted: profile.roleWanted,
    answers: profile.answers as ProfileState['answers'],
    preferredName: participant.preferredName,
    goals: profile.goals,
    topics: profile.topics,
    industry: profile.industry,
    languages: profile.languages,
    timeZone: participant.timeZone,
    availability: profile.availability,
    bio: profile.bio,
    preferences: profile.preferences,
    capacity: profile.capacity,
    age: profile.age,
    guardianEmail: profile.guardianEmail,
  };
}
