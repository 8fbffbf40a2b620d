import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ParticipantProfile, type RoleWanted } from '../../src/enrolment/entities/participant-profile.entity';
import type { WeeklySlot } from '../../src/matching/match.types';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';

/**
 * Ready people for the choice tests, made directly (the enrolment questionnaire is another
 * module's): a participant and a confirmed, complete profile.
 */
export interface PersonSpec {
  name: string;
  preferredName?: string;
  role: RoleWanted;
  email?: string;
  topics?: string[];
  goals?: string[];
  languages?: string[];
  industry?: string | null;
  bio?: string | null;
  capacity?: number;
  timeZone?: string;
  availability?: WeeklySlot[];
  /** False: invited but not confirmed (not ready). */
  confirmed?: boolean;
}

export async function choiceProgramme(
  app: INestApplicationContext,
  name: string,
  extra: Partial<Programme> = {},
): Promise<Programme> {
  const suffix = randomBytes(3).toString('hex');
  return app.get(ProgramsService).createProgramme(`${name} ${suffix}`, { matchingMode: 'choice', ...extra });
}

export async function readyPerson(
  app: INestApplicationContext,
  programme: Programme,
  spec: PersonSpec,
): Promise<Participant> {
  const local = spec.name.toLowerCase().replace(/[^a-z]+/g, '.');
  const participant = await app.get(ProgramsService).addParticipant(programme.id, {
    name: spec.name,
    preferredName: spec.preferredName ?? null,
    email: spec.email ?? `${local}.${randomBytes(3).toString('hex')}@people.example`,
    role: spec.role === 'mentee' ? 'mentee' : 'mentor',
    timeZone: spec.timeZone ?? 'Europe/London',
    locale: 'en-GB',
  });
  const now = new Date('2026-02-01T10:00:00Z');
  await app
    .get(DataSource)
    .getRepository(ParticipantProfile)
    .save({
      participantId: participant.id,
      programmeId: programme.id,
      roleWanted: spec.role,
      confirmedAt: spec.confirmed === false ? null : now,
      confirmToken: randomBytes(12).toString('hex'),
      profileCompletedAt: spec.confirmed === false ? null : now,
      languages: spec.languages ?? ['English'],
      topics: spec.topics ?? [],
      goals: spec.goals ?? [],
      industry: spec.industry ?? null,
      bio: spec.bio ?? null,
      availability: spec.availability ?? [],
      capacity: spec.role === 'mentee' ? null : (spec.capacity ?? 1),
    });
  return participant;
}
