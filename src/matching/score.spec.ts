import { randomInstance, smallInstance } from '../../test/factories/match-instance';
import { scoreTable } from './assign';
import { MatchInputError, resolveCriteria } from './criteria';
import { MatchContext } from './match-context';
import type { MatchProfile, MentorProfile } from './match.types';
import { CRITERIA } from './match.types';
import { constantUnderHardRules } from './criteria';
import { evaluatePair, makeScorer, marksOf, PairFacts } from './pair-facts';
import { scorePair } from './score';

// 2 March 2026: London on GMT (+0), Athens on EET (+2), New York on EST (-5), Kolkata +5:30.
const now = new Date('2026-03-02T12:00:00Z');

function mentor(overrides: Partial<MentorProfile> = {}): MentorProfile {
  return {
    id: 'mentor',
    capacity: 2,
    languages: ['English'],
    timeZone: 'Europe/London',
    availability: [{ day: 'tue', from: '18:00', to: '20:00' }],
    topics: ['python', 'sql', 'careers', 'writing'],
    goals: [],
    ...overrides,
  };
}

function mentee(overrides: Partial<MatchProfile> = {}): MatchProfile {
  return {
    id: 'mentee',
    languages: ['English'],
    timeZone: 'Europe/Athens',
    availability: [{ day: 'tue', from: '20:00', to: '21:00' }],
    topics: ['python', 'sql', 'careers', 'design'],
    goals: [],
    ...overrides,
  };
}

describe('scorePair', () => {
  it('explains a pair in plain words', () => {
    const pair = scorePair(mentor(), mentee(), {}, { now });
    expect(pair.feasible).toBe(true);
    expect(pair.explanation).toBe('3 shared topics, 2 h apart, both free Tuesdays, both speak English');
    expect(pair.blockedBy).toEqual([]);
  });

  it('takes the time-zone distance at the injected date, daylight saving included', () => {
    const newYork = mentee({ timeZone: 'America/New_York', availability: [] });
    // The US moves its clocks on 8 March 2026, the UK on 29 March: 5 h apart, then 4 h, then 5 h.
    expect(scorePair(mentor(), newYork, {}, { now }).reasons).toContain('5 h apart');
    expect(scorePair(mentor(), newYork, {}, { now: new Date('2026-03-15T12:00:00Z') }).reasons).toContain(
      '4 h apart',
    );
    expect(scorePair(mentor(), newYork, {}, { now: new Date('2026-04-15T12:00:00Z') }).reasons).toContain(
      '5 h apart',
    );
  });

  it("finds common free time across midnight and half-hour zones, named in the mentee's week", () => {
    // Kolkata Wednesday 00:00-01:00 is Tuesday 18:30-19:30 in London.
    const kolkata = mentee({
      timeZone: 'Asia/Kolkata',
      availability: [{ day: 'wed', from: '00:00', to: '01:00' }],
    });
    const pair = scorePair(mentor(), kolkata, {}, { now });
    expect(pair.reasons).toEqual(expect.arrayContaining(['5.5 h apart', 'both free Wednesdays']));
    // One hour in common against the default target of two: half marks.
    expect(pair.marks.availability).toBe(0.5);

    const lateNight = mentor({ availability: [{ day: 'sun', from: '23:00', to: '01:00' }] });
    const monday = mentee({
      timeZone: 'Europe/London',
      availability: [{ day: 'mon', from: '00:00', to: '00:30' }],
    });
    expect(scorePair(lateNight, monday, {}, { now }).reasons).toContain('both free Mondays');
    expect(scorePair(mentor(), monday, {}, { now }).reasons).toContain('no common free time');
  });

  it('treats a shared language as a hard rule by default, and as a weight when the programme says so', () => {
    const spanish = mentee({ languages: ['Spanish'] });
    const blocked = scorePair(mentor(), spanish, {}, { now });
    expect(blocked).toMatchObject({ feasible: false, score: 0, blockedBy: ['no-shared-language'] });
    expect(blocked.explanation).toBe('no shared language');

    const soft = { hardRules: [] };
    const without = scorePair(mentor(), spanish, soft, { now });
    const withIt = scorePair(mentor(), mentee(), soft, { now });
    expect(without.feasible).toBe(true);
    expect(without.reasons).toContain('no shared language');
    expect(withIt.score).toBeGreaterThan(without.score);
  });

  it('spells a shared language as either side capitalised it', () => {
    const pair = scorePair(
      mentor({ languages: ['Spanish'] }),
      mentee({ languages: ['spanish', 'english'] }),
      {},
      {
        now,
      },
    );
    expect(pair.reasons).toContain('both speak Spanish');
  });

  it('keeps "never pair these two again" and says so', () => {
    const pair = scorePair(mentor(), mentee(), {}, { now, forbidden: true });
    expect(pair).toMatchObject({ feasible: false, score: 0, blockedBy: ['forbidden'] });
    expect(pair.explanation).toBe('asked never to be paired again');
  });

  it("names the figure against the limit of a person's hard rule", () => {
    const strict = mentee({
      timeZone: 'America/New_York',
      preferences: [{ kind: 'max-tz-distance', value: 3, hard: true }],
    });
    const pair = scorePair(mentor(), strict, {}, { now });
    expect(pair.blockedBy).toEqual(['tz-too-far']);
    expect(pair.explanation).toBe("5 h apart, more than the 3 h allowed (the mentee's rule)");
  });

  it('scores a met soft wish above a missed one, and says which', () => {
    const wish = mentee({ preferences: [{ kind: 'background', value: 'First-Generation', hard: false }] });
    const met = scorePair(mentor({ background: ['first-generation'] }), wish, {}, { now });
    const missed = scorePair(mentor({ bio: 'Engineer, first in my team' }), wish, {}, { now });
    expect(met.reasons).toContain(`meets the mentee's wish for a "First-Generation" background`);
    expect(missed.reasons).toContain(`misses the mentee's wish for a "First-Generation" background`);
    expect(met.score).toBeGreaterThan(missed.score);
    // A background is also found as whole words in the bio.
    const inBio = scorePair(mentor({ bio: 'A first generation graduate.' }), wish, {}, { now });
    expect(inBio.marks.preferences).toBe(1);
  });

  it('excludes a mentor who lacks a background the mentee requires', () => {
    const wish = mentee({ preferences: [{ kind: 'background', value: 'veteran', hard: true }] });
    const pair = scorePair(mentor(), wish, {}, { now });
    expect(pair.blockedBy).toEqual(['background-missing']);
    expect(pair.explanation).toBe(`no "veteran" background (the mentee's rule)`);
  });

  it('counts what cannot be judged as half, and does not talk about it', () => {
    const unknown = mentee({ timeZone: 'Mars/Olympus_Mons', availability: [], topics: [] });
    const pair = scorePair(mentor(), unknown, {}, { now });
    expect(pair.marks).toMatchObject({ timeZone: 0.5, availability: 0.5, topics: 0.5, industry: 0.5 });
    expect(pair.explanation).toBe('both speak English');
  });

  it('scores 1 to 100 by the weights, never 0 for a feasible pair', () => {
    const nothing = scorePair(
      mentor({
        topics: ['law'],
        timeZone: 'Etc/GMT-12',
        availability: [{ day: 'mon', from: '09:00', to: '10:00' }],
      }),
      mentee({ timeZone: 'Europe/London', industry: 'health', goals: ['promotion'] }),
      {
        weights: {
          topics: 1,
          goals: 1,
          language: 0,
          timeZone: 1,
          availability: 1,
          industry: 0,
          preferences: 0,
        },
      },
      { now },
    );
    expect(nothing).toMatchObject({ feasible: true, score: 1 });
    const everything = scorePair(
      mentor({ topics: ['python'], goals: ['promotion'], industry: 'health' }),
      mentee({
        topics: ['python'],
        goals: ['promotion'],
        industry: 'health',
        timeZone: 'Europe/London',
        availability: [{ day: 'tue', from: '18:00', to: '20:00' }],
      }),
      {},
      { now },
    );
    expect(everything.score).toBe(100);
    expect(everything.explanation).toBe(
      '1 shared topic, 1 shared goal, same time zone, both free Tuesdays, both speak English, both in health',
    );
  });

  it('rejects bad criteria and capacities with every problem listed', () => {
    expect(() => resolveCriteria({ weights: { topics: -1 } as never, availabilityTargetHours: 0 })).toThrow(
      new MatchInputError('weight topics must be a number >= 0; availabilityTargetHours must be above 0'),
    );
    expect(() => scorePair(mentor({ capacity: 4 }), mentee(), {}, { now })).toThrow(
      /capacity must be a whole number from 1 to 3/,
    );
    expect(() =>
      scorePair(mentor(), mentee({ preferences: [{ kind: 'background', hard: true }] }), {}, { now }),
    ).toThrow(/names a background/);
  });
});

describe('the fast scorer', () => {
  it('gives the weighted mean of the marks the explanation shows, on random pairs of every kind', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { mentors, mentees } = seed % 2 ? smallInstance(seed) : randomInstance(seed, 6, 6);
      const criteria = resolveCriteria(seed % 3 === 0 ? { hardRules: [] } : {});
      const ctx = new MatchContext(mentors, mentees, criteria.hardRules, now);
      const constant = constantUnderHardRules(criteria);
      const counted = CRITERIA.filter((c) => !constant.has(c));
      const total = counted.reduce((s, c) => s + criteria.weights[c], 0);
      const scorer = makeScorer(criteria);
      for (const e of ctx.mentees) {
        for (const m of ctx.mentors) {
          const facts = evaluatePair(m, e, ctx.programmeRules, new PairFacts());
          const marks = marksOf(facts, criteria);
          const mean = counted.reduce((s, c) => s + criteria.weights[c] * marks[c], 0) / total;
          if (facts.blocked) expect(scorer(facts)).toBe(0);
          // The same mean, summed in another order: equal up to rounding.
          else expect(Math.abs(scorer(facts) - (1 + 99 * mean))).toBeLessThanOrEqual(0.5 + 1e-9);
        }
      }
    }
  });

  it('fills the solver table with the same scores as scorePair, forbidden pairs at 0', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { mentors, mentees, forbidden, objective } = smallInstance(seed);
      const table = scoreTable({ mentors, mentees, forbidden, criteria: { objective }, now });
      mentees.forEach((e, i) =>
        mentors.forEach((m, j) => {
          const banned = forbidden.some((f) => f.mentorId === m.id && f.menteeId === e.id);
          expect(table[i][j]).toBe(scorePair(m, e, {}, { now, forbidden: banned }).score);
        }),
      );
    }
  });
});
