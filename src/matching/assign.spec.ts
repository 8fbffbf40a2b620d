import { bruteForceBest } from '../../test/support/match-brute-force';
import { randomInstance, smallInstance } from '../../test/factories/match-instance';
import { assign, scoreTable, type Assignment } from './assign';
import { greedyAssign } from './greedy';
import type { MatchCriteria, MatchProfile, MentorProfile } from './match.types';
import { scorePair } from './score';

const now = new Date('2026-03-02T12:00:00Z');

/** Capacities, hard rules and forbidden pairs, checked pair by pair through the public scorer. */
function expectRulesHold(
  result: Assignment,
  mentors: MentorProfile[],
  mentees: MatchProfile[],
  criteria: Partial<MatchCriteria>,
  forbidden: { mentorId: string; menteeId: string }[],
) {
  const byId = new Map(mentors.map((m) => [m.id, m]));
  const menteeById = new Map(mentees.map((m) => [m.id, m]));
  const load = new Map<string, number>();
  const seen = new Set<string>();
  for (const pair of result.pairs) {
    expect(seen.has(pair.menteeId)).toBe(false);
    seen.add(pair.menteeId);
    load.set(pair.mentorId, (load.get(pair.mentorId) ?? 0) + 1);
    const banned = forbidden.some((f) => f.mentorId === pair.mentorId && f.menteeId === pair.menteeId);
    expect(banned).toBe(false);
    const checked = scorePair(byId.get(pair.mentorId)!, menteeById.get(pair.menteeId)!, criteria, { now });
    expect(checked.feasible).toBe(true);
    expect(checked.score).toBe(pair.score);
  }
  for (const [id, n] of load) expect(n).toBeLessThanOrEqual(byId.get(id)!.capacity);
  expect(seen.size + result.unmatchedMentees.length).toBe(mentees.length);
}

describe('assign against brute force', () => {
  it('holds every rule and reaches the optimum on 200 random instances up to 6 x 6', () => {
    let differentFromGreedy = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const { mentors, mentees, forbidden, objective } = smallInstance(seed);
      const criteria = { objective };
      const scores = scoreTable({ mentors, mentees, forbidden, criteria, now });
      const best = bruteForceBest(
        scores,
        mentors.map((m) => m.capacity),
        objective,
      );
      // A graph cut to one mentor per mentee and none per mentor: only the dual-price proof can
      // make this optimal, by putting left-out pairs back.
      for (const cut of [{}, { candidatesPerMentee: 1, candidatesPerMentor: 0 }]) {
        const result = assign({ mentors, mentees, forbidden, criteria, now, ...cut });
        expectRulesHold(result, mentors, mentees, criteria, forbidden);
        expect({ seed, matched: result.pairs.length, total: result.totalScore }).toEqual({
          seed,
          matched: best.matched,
          total: best.total,
        });
      }
      const greedy = greedyAssign({ mentors, mentees, forbidden, criteria, now }, 'first-come');
      if (greedy.totalScore !== best.total || greedy.matched !== best.matched) differentFromGreedy++;
    }
    // The instances are not trivial: a first-come pass misses the optimum on a good share of them.
    expect(differentFromGreedy).toBeGreaterThan(15);
  });

  it('matches the unpruned optimum on a 150 x 45 programme, and beats both greedy passes', () => {
    const { mentors, mentees } = randomInstance(7, 150, 45);
    const pruned = assign({ mentors, mentees, now });
    const whole = assign({ mentors, mentees, now, candidatesPerMentee: 45 });
    expect(whole.stats.candidateEdges).toBe(whole.stats.feasiblePairs);
    expect([pruned.pairs.length, pruned.totalScore]).toEqual([whole.pairs.length, whole.totalScore]);
    for (const kind of ['first-come', 'best-pair-first'] as const) {
      const greedy = greedyAssign({ mentors, mentees, now }, kind);
      expect(pruned.pairs.length).toBeGreaterThanOrEqual(greedy.matched);
      if (pruned.pairs.length === greedy.matched)
        expect(pruned.totalScore).toBeGreaterThanOrEqual(greedy.totalScore);
    }
    expectRulesHold(pruned, mentors, mentees, {}, []);
  });
});

describe('assign: who is left out, and why', () => {
  const person = (id: string, overrides: Partial<MatchProfile> = {}): MatchProfile => ({
    id,
    languages: ['English'],
    timeZone: 'Europe/London',
    availability: [{ day: 'tue', from: '18:00', to: '20:00' }],
    topics: ['python'],
    goals: [],
    ...overrides,
  });
  const mentorOf = (id: string, capacity: number, overrides: Partial<MatchProfile> = {}): MentorProfile => ({
    ...person(id, overrides),
    capacity,
  });

  it('lists each unmatched mentee and idle mentor with the reason', () => {
    const result = assign({
      mentors: [mentorOf('ana', 1), mentorOf('ben', 1, { languages: ['French'] })],
      mentees: [
        person('german', { languages: ['German'] }),
        person('banned'),
        person('first'),
        person('second', { topics: ['law'] }),
      ],
      forbidden: [{ mentorId: 'ana', menteeId: 'banned' }],
      now,
    });
    expect(result.pairs.map((p) => [p.mentorId, p.menteeId])).toEqual([['ana', 'first']]);
    expect(result.unmatchedMentees).toEqual([
      {
        id: 'german',
        reason: 'no-feasible-mentor',
        detail: 'no mentor meets the hard rules: no shared language (2 mentors)',
      },
      {
        id: 'banned',
        reason: 'only-forbidden-mentors',
        detail: 'the only 1 mentor who fit is marked "never pair again"',
      },
      {
        id: 'second',
        reason: 'mentors-full',
        detail: 'all 1 mentor who fit are full: taking one would leave another mentee without a mentor',
      },
    ]);
    expect(result.idleMentors).toEqual([
      { id: 'ben', reason: 'no-feasible-mentee', detail: 'no mentee meets the hard rules with this mentor' },
    ]);
    expect(result.freePlaces).toBe(1);
    expect(result.pairs[0].explanation).toBe(
      '1 shared topic, same time zone, both free Tuesdays, both speak English',
    );
  });

  it('says when a mentor who fits someone got nobody because they were better placed elsewhere', () => {
    const result = assign({
      mentors: [mentorOf('python', 1), mentorOf('generalist', 1, { topics: ['law'] })],
      mentees: [person('only')],
      now,
    });
    expect(result.pairs.map((p) => p.mentorId)).toEqual(['python']);
    expect(result.idleMentors).toEqual([
      {
        id: 'generalist',
        reason: 'mentees-placed-elsewhere',
        detail: 'the 1 mentee who fit was better placed with other mentors',
      },
    ]);
  });

  it('matches more people under "participation", a higher total under "score"', () => {
    // Ana suits Zoe well and Yan badly (no topic, no common time); Ben suits Zoe badly (no topic,
    // 9 h apart) and Yan not at all (Yan allows 2 h). Two weak pairs score less than the one good one.
    const mentors = [
      mentorOf('ana', 1, { topics: ['python', 'sql'] }),
      mentorOf('ben', 1, { topics: ['law'], timeZone: 'Asia/Tokyo' }),
    ];
    const mentees = [
      person('zoe', { topics: ['python', 'sql'] }),
      person('yan', {
        topics: ['law'],
        availability: [{ day: 'mon', from: '09:00', to: '10:00' }],
        preferences: [{ kind: 'max-tz-distance', value: 2, hard: true }],
      }),
    ];
    const participation = assign({ mentors, mentees, now });
    const score = assign({ mentors, mentees, now, criteria: { objective: 'score' } });
    expect(participation.pairs.map((p) => `${p.mentorId}-${p.menteeId}`).sort()).toEqual([
      'ana-yan',
      'ben-zoe',
    ]);
    expect(score.pairs.map((p) => `${p.mentorId}-${p.menteeId}`)).toEqual(['ana-zoe']);
    expect(score.totalScore).toBeGreaterThan(participation.totalScore);
    expect(score.unmatchedMentees[0]).toMatchObject({ id: 'yan', reason: 'mentors-full' });
    expect(score.unmatchedMentees[0].detail).toMatch(/their places went to pairs with higher scores/);
  });

  it('says so when one side is empty', () => {
    expect(assign({ mentors: [], mentees: [person('alone')], now }).unmatchedMentees).toEqual([
      { id: 'alone', reason: 'no-feasible-mentor', detail: 'there are no mentors' },
    ]);
    expect(assign({ mentors: [mentorOf('idle', 2)], mentees: [], now }).idleMentors).toEqual([
      { id: 'idle', reason: 'no-feasible-mentee', detail: 'there are no mentees' },
    ]);
  });

  it('refuses a person listed twice', () => {
    expect(() => assign({ mentors: [mentorOf('a', 1), mentorOf('a', 2)], mentees: [], now })).toThrow(
      'mentor a is listed twice',
    );
  });
});
