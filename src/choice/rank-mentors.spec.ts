import type { MatchProfile, MentorProfile } from '../matching/match.types';
import { randomInstance } from '../../test/factories/match-instance';
import { MentorRanking, rankMentors } from './rank-mentors';

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

describe('one shared ranking for a whole tick', () => {
  const { mentors, mentees } = randomInstance(3, 40, 60);

  it('ranks every mentee exactly as a ranking of their own would', () => {
    const shared = new MentorRanking(mentors, mentees, {}, now);
    let suggested = 0;
    for (const [i, mentee] of mentees.entries()) {
      const skip = new Set(mentors.filter((_, j) => (i + j) % 7 === 0).map((m) => m.id));
      const ranked = shared.rank(mentee.id, skip, 3);
      expect(ranked).toEqual(rankMentors(mentee, mentors, {}, skip, 3, now));
      suggested += ranked!.length;
    }
    expect(suggested).toBeGreaterThan(100);
  });

  it('leaves out a profile the engine refuses, naming it, and ranks everyone else', () => {
    const broken = { ...mentors[0], id: 'broken', capacity: 9 };
    const shared = new MentorRanking([broken, ...mentors], mentees, {}, now);
    expect([...shared.refused.keys()]).toEqual(['broken']);
    expect(shared.rank(mentees[0].id, new Set(), 3)).toEqual(
      rankMentors(mentees[0], mentors, {}, new Set(), 3, now),
    );
    expect(shared.rank('nobody', new Set(), 3)).toBeNull();
  });
});
