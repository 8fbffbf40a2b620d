import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ParticipantProfile } from '../../src/enrolment/entities/participant-profile.entity';
import type { WeeklySlot } from '../../src/matching/match.types';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';

export const EVENINGS: WeeklySlot[] = [
  { day: 'tue', from: '18:00', to: '20:00' },
  { day: 'thu', from: '18:00', to: '20:00' },
];

export type PersonOptions = Partial<ParticipantProfile> & { name?: string; timeZone?: string };

/** A participant with a profile, confirmed and complete unless told otherwise (ready to match). */
export async function addProfiled(
  app: INestApplicationContext,
  programme: Programme,
  roleWanted: ParticipantProfile['roleWanted'],
  opts: PersonOptions = {},
): Promise<Participant> {
  const tag = randomBytes(4).toString('hex');
  const { name, timeZone, ...profile } = opts;
  const participant = await app.get(ProgramsService).addParticipant(programme.id, {
    name: name ?? `${roleWanted} ${tag}`,
    email: `${(name ?? roleWanted ?? 'p').toLowerCase().replace(/[^a-z]+/g, '.')}.${tag}@people.example`,
    role: roleWanted === 'mentor' ? 'mentor' : 'mentee',
    timeZone: timeZone ?? 'Europe/London',
  });
  await app
    .get(DataSource)
    .getRepository(ParticipantProfile)
    .insert({
      participantId: participant.id,
      programmeId: programme.id,
      roleWanted,
      confirmedAt: new Date('2026-03-01T10:00:00Z'),
      confirmToken: randomBytes(12).toString('hex'),
      profileCompletedAt: new Date('2026-03-01T11:00:00Z'),
      languages: ['English'],
      topics: ['leadership'],
      goals: ['new job'],
      availability: EVENINGS,
      capacity: roleWanted === 'mentee' ? null : 1,
      ...profile,
    });
  return participant;
}
