import { enrolmentStage } from '../enrolment/stage';
import { awaitsGuardianConsent, awaitsScreening, readiness, type ReadinessFacts } from './readiness';
import { chooseSides } from './sides';

const base: ReadinessFacts = {
  roleWanted: 'mentee',
  confirmedAt: new Date('2026-03-01T00:00:00Z'),
  profileCompletedAt: new Date('2026-03-02T00:00:00Z'),
  age: null,
  guardianConsentedAt: null,
  consentAge: null,
  backgroundCheckedAt: null,
  trainedAt: null,
  screeningRequired: null,
  capacity: null,
  menteesNow: 0,
  circlesLed: 0,
  mentoredNow: false,
  inCircle: false,
};

describe('readiness', () => {
  it('asks for a confirmed address, then a complete profile', () => {
    expect(readiness({ ...base, confirmedAt: null })).toEqual({ ready: false, reason: 'unconfirmed' });
    expect(readiness({ ...base, profileCompletedAt: null })).toEqual({
      ready: false,
      reason: 'profile-incomplete',
    });
    expect(readiness({ ...base, roleWanted: null })).toEqual({ ready: false, reason: 'profile-incomplete' });
    expect(readiness(base)).toEqual({ ready: true, sides: ['mentee'], freePlaces: 0 });
  });

  it("holds back someone under the programme's consent age until a guardian consents; an unknown age is held too", () => {
    const youth = { ...base, consentAge: 16 };
    expect(readiness({ ...youth, age: 15 })).toEqual({ ready: false, reason: 'guardian-consent' });
    expect(readiness({ ...youth, age: 15, guardianConsentedAt: new Date() }).ready).toBe(true);
    expect(readiness({ ...youth, age: 16 }).ready).toBe(true);
    // Enrolment's stage says "waiting for consent" for an unknown age: matching agrees.
    expect(readiness({ ...youth, age: null })).toEqual({ ready: false, reason: 'guardian-consent' });
    expect(readiness({ ...youth, age: null, guardianConsentedAt: new Date() }).ready).toBe(true);
    expect(readiness({ ...base, age: 12 }).ready).toBe(true); // the programme asks no consent
  });

  it('agrees with enrolment\'s stage on every age, consent and consent age: "waiting" is never "ready"', () => {
    for (const consentAge of [null, 16])
      for (const age of [null, 12, 15, 16, 40])
        for (const guardianConsentedAt of [null, new Date()]) {
          const facts = { ...base, consentAge, age, guardianConsentedAt };
          const waits = awaitsGuardianConsent(facts, { consentAge });
          expect(readiness(facts).ready).toBe(!waits);
          expect(enrolmentStage(facts, { consentAge }) === 'ready').toBe(!waits);
        }
    // No profile at all (added by CSV or the API): only a youth programme waits.
    expect(awaitsGuardianConsent(null, { consentAge: 16 })).toBe(true);
    expect(awaitsGuardianConsent(null, { consentAge: null })).toBe(false);
  });

  it('places a mentor only once their background check and training are recorded, where the programme asks', () => {
    const checked = new Date('2026-02-01T00:00:00Z');
    const mentor = { ...base, roleWanted: 'mentor' as const, capacity: 2, age: 35 };
    // A youth programme asks by default; a programme may ask without a consent age, or not ask.
    for (const programme of [
      { consentAge: 16, screeningRequired: null },
      { consentAge: null, screeningRequired: true },
    ]) {
      const asked = { ...mentor, ...programme };
      expect(readiness(asked)).toEqual({ ready: false, reason: 'screening' });
      expect(readiness({ ...asked, backgroundCheckedAt: checked })).toEqual({
        ready: false,
        reason: 'screening',
      });
      expect(readiness({ ...asked, trainedAt: checked })).toEqual({ ready: false, reason: 'screening' });
      expect(readiness({ ...asked, backgroundCheckedAt: checked, trainedAt: checked })).toEqual({
        ready: true,
        sides: ['mentor'],
        freePlaces: 2,
      });
      // One who said "either" may still be mentored; one who mentors already waits as a mentor.
      expect(readiness({ ...asked, roleWanted: 'either' })).toEqual({
        ready: true,
        sides: ['mentee'],
        freePlaces: 0,
      });
      expect(readiness({ ...asked, roleWanted: 'either', menteesNow: 1 })).toEqual({
        ready: false,
        reason: 'screening',
      });
      // A mentee needs no screening.
      expect(readiness({ ...base, ...programme, age: 30 }).ready).toBe(true);
    }
    expect(readiness({ ...mentor, consentAge: 16, screeningRequired: false, age: 30 }).ready).toBe(true);
    expect(readiness(mentor).ready).toBe(true);
    expect(awaitsScreening(null, { consentAge: 16, screeningRequired: null })).toBe(true);
    expect(awaitsScreening(null, { consentAge: null, screeningRequired: null })).toBe(false);
  });

  it('counts active and paused pairings: a mentee is taken, a mentor until their places are full', () => {
    expect(readiness({ ...base, mentoredNow: true })).toEqual({ ready: false, reason: 'paired' });
    const mentor = { ...base, roleWanted: 'mentor' as const, capacity: 3 };
    expect(readiness(mentor)).toEqual({ ready: true, sides: ['mentor'], freePlaces: 3 });
    expect(readiness({ ...mentor, menteesNow: 2 })).toEqual({
      ready: true,
      sides: ['mentor'],
      freePlaces: 1,
    });
    expect(readiness({ ...mentor, menteesNow: 3 })).toEqual({ ready: false, reason: 'mentor-full' });
    expect(readiness({ ...mentor, capacity: null, menteesNow: 1 })).toEqual({
      ready: false,
      reason: 'mentor-full',
    });
  });

  it('counts a circle as one place of each lead, and a circle member as placed', () => {
    expect(readiness({ ...base, inCircle: true })).toEqual({ ready: false, reason: 'in-circle' });
    const mentor = { ...base, roleWanted: 'mentor' as const, capacity: 2, age: 35 };
    expect(readiness({ ...mentor, circlesLed: 1 })).toEqual({
      ready: true,
      sides: ['mentor'],
      freePlaces: 1,
    });
    expect(readiness({ ...mentor, circlesLed: 1, menteesNow: 1 })).toEqual({
      ready: false,
      reason: 'mentor-full',
    });
    // Someone who said "either" and leads a circle stays a mentor.
    expect(readiness({ ...mentor, roleWanted: 'either', circlesLed: 1 })).toEqual({
      ready: true,
      sides: ['mentor'],
      freePlaces: 1,
    });
  });

  it('lets an unpaired "either" go on both sides, and keeps one who mentors already a mentor', () => {
    const either = { ...base, roleWanted: 'either' as const, capacity: 2 };
    expect(readiness(either)).toEqual({ ready: true, sides: ['mentor', 'mentee'], freePlaces: 2 });
    expect(readiness({ ...either, menteesNow: 1 })).toEqual({
      ready: true,
      sides: ['mentor'],
      freePlaces: 1,
    });
    expect(readiness({ ...either, mentoredNow: true })).toEqual({ ready: false, reason: 'paired' });
  });
});

describe('chooseSides', () => {
  const fixed = (id: string, side: 'mentor' | 'mentee', freePlaces = 0) => ({
    id,
    sides: [side],
    freePlaces,
  });
  const either = (id: string, freePlaces: number) => ({
    id,
    sides: ['mentor', 'mentee'] as const,
    freePlaces,
  });

  it('makes "either" people mentors while mentees outnumber places, then mentees', () => {
    const sides = chooseSides([
      fixed('m1', 'mentor', 1),
      fixed('e1', 'mentee'),
      fixed('e2', 'mentee'),
      fixed('e3', 'mentee'),
      fixed('e4', 'mentee'),
      either('x1', 2), // gap 3 -> mentor, gap 1
      either('x2', 1), // gap 1 -> mentor, gap 0
      either('x3', 3), // gap 0 -> mentee, gap 1
    ]);
    expect(Object.fromEntries(sides)).toEqual({
      m1: 'mentor',
      e1: 'mentee',
      e2: 'mentee',
      e3: 'mentee',
      e4: 'mentee',
      x1: 'mentor',
      x2: 'mentor',
      x3: 'mentee',
    });
  });

  it('makes them mentees where places are to spare, and keeps fixed sides whatever their order', () => {
    const sides = chooseSides([either('x1', 1), fixed('m1', 'mentor', 3), fixed('e1', 'mentee')]);
    expect(sides.get('x1')).toBe('mentee');
    expect(sides.get('m1')).toBe('mentor');
  });
});
