// `npm run bench -- choice`: the first suggestions tick of a mentee-choice programme (#14), on a
// seeded cohort stored as the enrolment module stores it, through ChoiceService.run as the tick
// calls it: every ready mentee ranked, their three suggestions written and emailed (queued).
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ChoiceService } from '../src/choice/choice.service';
import { MatchRequest } from '../src/choice/entities/match-request.entity';
import { ParticipantProfile } from '../src/enrolment/entities/participant-profile.entity';
import type { MatchProfile } from '../src/matching/match.types';
import { Participant } from '../src/programs/entities/participant.entity';
import { ProgramsService } from '../src/programs/programs.service';
import { randomInstance } from '../test/factories/match-instance';
import { benchWorld, fmt } from './support';

const NOW = new Date('2026-03-02T12:00:00Z');
const CHUNK = 500;

/** Participants and complete profiles in bulk, as ready people of a choosing programme. */
async function seedCohort(db: DataSource, programmeId: string, mentees: number, mentors: number) {
  const instance = randomInstance(7, mentees, mentors);
  const people: [MatchProfile, 'mentor' | 'mentee', number | null][] = [
    ...instance.mentors.map((m) => [m, 'mentor', m.capacity] as [MatchProfile, 'mentor', number]),
    ...instance.mentees.map((m) => [m, 'mentee', null] as [MatchProfile, 'mentee', null]),
  ];
  const confirmed = new Date('2026-02-01T10:00:00Z');
  for (let at = 0; at < people.length; at += CHUNK) {
    const chunk = people.slice(at, at + CHUNK);
    const inserted = await db.getRepository(Participant).insert(
      chunk.map(([p, role]) => ({
        programmeId,
        name: `${p.id.replace('-', ' ')} Bench`,
        role,
        email: `${p.id}@bench.example`,
        timeZone: p.timeZone,
        locale: 'en-GB',
      })),
    );
    await db.getRepository(ParticipantProfile).insert(
      chunk.map(([p, role, capacity], k) => ({
        participantId: (inserted.identifiers[k] as { id: string }).id,
        programmeId,
        roleWanted: role,
        confirmedAt: confirmed,
        confirmToken: randomBytes(12).toString('hex'),
        profileCompletedAt: confirmed,
        languages: p.languages,
        topics: p.topics,
        goals: p.goals,
        industry: p.industry ?? null,
        background: p.background ?? [],
        bio: `I work in ${p.industry ?? 'several fields'} and like ${p.topics[0] ?? 'people'}.`,
        availability: p.availability,
        preferences: p.preferences ?? [],
        capacity,
      })),
    );
  }
}

export async function runChoiceBench(mentees = 2000, mentors = 600): Promise<number> {
  const world = await benchWorld({ ROLES: 'api' });
  try {
    const app = world.running.app;
    const db = app.get(DataSource);
    const programme = await app
      .get(ProgramsService)
      .createProgramme(`Choice bench ${world.name}`, { matchingMode: 'choice' });
    await seedCohort(db, programme.id, mentees, mentors);
    const cpu = process.cpuUsage();
    const start = performance.now();
    const { suggested } = await app.get(ChoiceService).run(NOW);
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    const rows = await db.getRepository(MatchRequest).countBy({ programmeId: programme.id });
    console.log(
      `${mentees.toLocaleString('en-GB')} mentees x ${mentors.toLocaleString('en-GB')} mentors: first tick ` +
        `${fmt(seconds, 2)} s (CPU ${fmt((used.user + used.system) / 1e6, 2)} s), ${suggested} mentees ` +
        `suggested to, ${rows} suggestions, ${fmt((seconds * 1000) / mentees, 2)} ms a mentee`,
    );
    return seconds;
  } finally {
    await world.destroy();
  }
}
