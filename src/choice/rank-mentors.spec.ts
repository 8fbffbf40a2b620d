import type { MatchProfile, MentorProfile } from '../matching/match.types';
import { rankMentors } from './rank-mentors';

const now = new Date('2026-03-02T09:00:00Z');
const person = (id: string, topics: string[], languages = ['English']): MatchProfile => ({
  id,
  languages,
  timeZone: 'Europe/London',
  availability: [],
  topics,
  goals: [],
});
const mentor = (id: string, topics: string[], languages?: string[]): MentorProfile => ({
  ...person(id, topics, languages),
  capacity: 1,
});

describe('ranking mentors for one mentee', () => {
  const mentee = person('mentee', ['law', 'writing', 'speaking']);
  const mentors = [
    mentor('one-topic', ['law']),
    mentor('french-only', ['law', 'writing', 'speaking'], ['French']),
    mentor('all-three', ['law', 'writing', 'speaking']),
    mentor('two-topics', ['law', 'writing']),
    mentor('skipped', ['law', 'writing', 'speaking']),
  ];

  it('keeps feasible mentors not skipped, best score first, with the engine’s reasons', () => {
    const ranked = rankMentors(mentee, mentors, {}, new Set(['skipped']), 3, now);
    expect(ranked.map((r) => r.mentorId)).toEqual(['all-three', 'two-topics', 'one-topic']);
    expect(ranked[0].score).toBeGreaterThan(ranked[1].score);
    expect(ranked[0].explanation).toMatch(/^3 shared topics/);
  });

  it('returns fewer, or none, when fewer fit', () => {
    expect(
      rankMentors(mentee, mentors, {}, new Set(['skipped', 'all-three', 'two-topics']), 3, now),
    ).toHaveLength(1);
    expect(rankMentors(person('m', ['law'], ['Welsh']), mentors, {}, new Set(), 3, now)).toEqual([]);
  });
});
