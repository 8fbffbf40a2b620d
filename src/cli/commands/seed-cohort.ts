import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ParticipantProfile, type RoleWanted } from '../../enrolment/entities/participant-profile.entity';
import type { MatchPreference, Weekday, WeeklySlot } from '../../matching/match.types';
import { ProgramsRepository } from '../../programs/programs.repository';
import { ProgramsService } from '../../programs/programs.service';
import { randomKey } from '../../programs/relay-address';

export const COHORT_SLUG = 'demo-cohort';

/** mulberry32: seeded, so `seed-demo --cohort 40` writes the same people on every machine. */
function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const sample = <T>(items: readonly T[], n: number): T[] => {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
    return out;
  };
  return { next, int, pick, sample };
}

const FIRST = [
  'Amara',
  'Ben',
  'Chloé',
  'Dev',
  'Elif',
  'Femi',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kavya',
  'Luis',
  'Maya',
  'Nikolai',
  'Olu',
  'Priya',
  'Quentin',
  'Rosa',
  'Sami',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
  'Aisha',
  'Bruno',
  'Carmen',
  'Daniel',
  'Esther',
  'Farid',
  'Gabriela',
  'Hamza',
  'Isla',
  'Jun',
  'Kofi',
  'Lena',
  'Mateo',
  'Noor',
];
const LAST = [
  'Adeyemi',
  'Becker',
  'Costa',
  'Dubois',
  'Evans',
  'Fischer',
  'García',
  'Haddad',
  'Ito',
  'Jensen',
  'Kowalski',
  'López',
  'Mensah',
  'Nakamura',
  'Okafor',
  'Patel',
  'Quinn',
  'Rossi',
  'Silva',
  'Tanaka',
];
export const COHORT_TOPICS = [
  'career change',
  'leadership',
  'public speaking',
  'data analysis',
  'product management',
  'ux design',
  'negotiation',
  'interviews',
  'networking',
  'entrepreneurship',
  'writing',
  'confidence',
];
export const COHORT_GOALS = [
  'new job',
  'switch field',
  'grow skills',
  'build network',
  'lead a team',
  'start a business',
];
const INDUSTRIES = ['technology', 'finance', 'health', 'education', 'nonprofit', 'media', 'government'];
const BACKGROUNDS = ['first-generation', 'career-changer', 'parent', 'immigrant', 'self-taught'];
/** Zones weighted by how often they come up; most of the cohort is within a few hours of Europe. */
const ZONES = [
  'Europe/London',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Berlin',
  'Europe/Madrid',
  'Europe/Paris',
  'America/New_York',
  'America/New_York',
  'America/Sao_Paulo',
  'Africa/Lagos',
  'Asia/Kolkata',
  'Asia/Singapore',
];
const EVENING: WeeklySlot[] = [
  { day: 'mon', from: '18:00', to: '20:00' },
  { day: 'tue', from: '18:30', to: '20:30' },
  { day: 'wed', from: '19:00', to: '21:00' },
  { day: 'thu', from: '18:00', to: '19:30' },
];
const DAYTIME: WeeklySlot[] = [
  { day: 'tue', from: '12:00', to: '13:00' },
  { day: 'fri', from: '09:00', to: '11:00' },
  { day: 'wed', from: '12:30', to: '14:00' },
];
const WEEKEND: WeeklySlot[] = [
  { day: 'sat', from: '10:00', to: '12:00' },
  { day: 'sun', from: '16:00', to: '18:00' },
];

export interface CohortPerson {
  name: string;
  preferredName: string;
  email: string;
  timeZone: string;
  roleWanted: RoleWanted;
  capacity: number | null;
  languages: string[];
  topics: string[];
  goals: string[];
  industry: string;
  background: string[];
  bio: string;
  availability: WeeklySlot[];
  preferences: MatchPreference[];
}

/**
 * `count` people, the same for the same count: about 35% mentors (capacity 1 to 3), 50% mentees and
 * 15% happy either way; everyone speaks English or Spanish, some both, a few French or Portuguese
 * too; evenings, lunchtimes and weekends; a few with a preference (same language, a mentor who
 * changed careers, at most a few hours apart).
 */
export function cohortPeople(count: number): CohortPerson[] {
  const r = seeded(40_2026);
  return Array.from({ length: count }, (_, i) => {
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 7) % LAST.length];
    const roll = r.next();
    const roleWanted: RoleWanted = roll < 0.35 ? 'mentor' : roll < 0.85 ? 'mentee' : 'either';
    const zone = r.pick(ZONES);
    const spanishFirst =
      zone === 'Europe/Madrid' || zone === 'America/Sao_Paulo' ? r.next() < 0.5 : r.next() < 0.1;
    const languages = spanishFirst ? (r.next() < 0.6 ? ['Spanish', 'English'] : ['Spanish']) : ['English'];
    if (r.next() < 0.15) languages.push(r.pick(['French', 'Portuguese', 'German']));
    const industry = r.pick(INDUSTRIES);
    const topics = r.sample(COHORT_TOPICS, roleWanted === 'mentee' ? r.int(1, 3) : r.int(2, 5));
    const goals = r.sample(COHORT_GOALS, r.int(1, 2));
    const availability = [
      ...r.sample(EVENING, r.int(1, 3)),
      ...(r.next() < 0.4 ? r.sample(DAYTIME, 1) : []),
      ...(r.next() < 0.35 ? r.sample(WEEKEND, 1) : []),
    ].sort((a, b) => dayIndex(a.day) - dayIndex(b.day));
    const background = r.next() < 0.4 ? r.sample(BACKGROUNDS, r.int(1, 2)) : [];
    const preferences: MatchPreference[] = [];
    const wish = r.next();
    if (roleWanted === 'mentee' && wish < 0.1)
      preferences.push({ kind: 'background', value: 'career-changer', hard: false });
    else if (wish < 0.18) preferences.push({ kind: 'max-tz-distance', value: 6, hard: false });
    else if (wish < 0.22) preferences.push({ kind: 'same-industry', hard: false });
    const mentoring = roleWanted !== 'mentee';
    return {
      name: `${first} ${last}`,
      preferredName: first,
      email: `${ascii(first)}.${ascii(last)}.${i + 1}@cohort.example`,
      timeZone: zone,
      roleWanted,
      capacity: mentoring ? r.int(1, 3) : null,
      languages,
      topics,
      goals,
      industry,
      background,
      bio: mentoring
        ? `${r.int(6, 25)} years in ${industry}; happy to talk ${topics[0]} and ${topics[1] ?? goals[0]}.`
        : `Working in ${industry}, hoping to ${goals[0]}; keen on ${topics[0]}.`,
      availability,
      preferences,
    };
  });
}

const dayIndex = (d: Weekday) => ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].indexOf(d);
const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[^a-zA-Z]/g, '')
    .toLowerCase();

export interface CohortSeed {
  programme: string;
  slug: string;
  created: number;
  mentors: number;
  mentees: number;
  either: number;
}

/**
 * An unmatched cohort in its own programme (`demo-cohort`): confirmed, profile-complete people,
 * ready for `npm run cli -- match --programme demo-cohort`. Running it again adds only who is missing.
 */
export async function seedCohort(app: INestApplicationContext, count: number): Promise<CohortSeed> {
  if (!(Number.isInteger(count) && count >= 2 && count <= 1000))
    throw new Error('--cohort takes a number from 2 to 1000');
  const programs = app.get(ProgramsService);
  const repo = app.get(ProgramsRepository);
  const db = app.get(DataSource);
  const programme =
    (await repo.findProgrammeBySlug(COHORT_SLUG)) ??
    (await programs.createProgramme('Demo Cohort', { slug: COHORT_SLUG }));
  const people = cohortPeople(count);
  let created = 0;
  for (const person of people) {
    if (await repo.findParticipantByEmail(programme.id, person.email)) continue;
    const participant = await programs.addParticipant(programme.id, {
      name: person.name,
      email: person.email,
      // The side is settled by matching for someone who said "either".
      role: person.roleWanted === 'mentor' ? 'mentor' : 'mentee',
      preferredName: person.preferredName,
      about: person.bio,
      timeZone: person.timeZone,
    });
    await db.getRepository(ParticipantProfile).insert({
      participantId: participant.id,
      programmeId: programme.id,
      roleWanted: person.roleWanted,
      confirmedAt: new Date(),
      confirmToken: randomKey(),
      profileCompletedAt: new Date(),
      languages: person.languages,
      topics: person.topics,
      goals: person.goals,
      industry: person.industry,
      background: person.background,
      bio: person.bio,
      availability: person.availability,
      preferences: person.preferences,
      capacity: person.capacity,
    });
    created++;
  }
  return {
    programme: programme.name,
    slug: programme.slug,
    created,
    mentors: people.filter((p) => p.roleWanted === 'mentor').length,
    mentees: people.filter((p) => p.roleWanted === 'mentee').length,
    either: people.filter((p) => p.roleWanted === 'either').length,
  };
}
