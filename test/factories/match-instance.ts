// Seeded random matching instances: the property tests and `npm run bench -- matching` use the
// same generator, so a failing seed can be replayed exactly.
import type {
  MatchPreference,
  MatchProfile,
  MentorProfile,
  Weekday,
  WeeklySlot,
} from '../../src/matching/match.types';
import { WEEKDAYS } from '../../src/matching/match.types';
import { seededRandom } from '../support/seeded-random';

export interface Rng {
  next: () => number;
  int: (lo: number, hi: number) => number;
  pick: <T>(items: readonly T[]) => T;
  /** Items with weights (a heavier item is picked more often). */
  weighted: <T>(items: readonly (readonly [T, number])[]) => T;
  sample: <T>(items: readonly T[], count: number, bias?: number) => T[];
  chance: (p: number) => boolean;
}

export function rng(seed: number): Rng {
  const next = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (items) => {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [item, w] of items) if ((r -= w) < 0) return item;
      return items[items.length - 1][0];
    },
    // bias > 1 favours the front of the list (popular topics), like real sign-ups.
    sample: (items, count, bias = 1) => {
      const chosen = new Set<number>();
      while (chosen.size < Math.min(count, items.length))
        chosen.add(Math.floor(next() ** bias * items.length));
      return [...chosen].map((k) => items[k]);
    },
    chance: (p) => next() < p,
  };
}

const TOPICS = [
  'career change',
  'leadership',
  'public speaking',
  'python',
  'data analysis',
  'product management',
  'ux design',
  'negotiation',
  'cv writing',
  'interviews',
  'networking',
  'marketing',
  'sales',
  'finance',
  'entrepreneurship',
  'fundraising',
  'machine learning',
  'cloud',
  'security',
  'writing',
  'research',
  'teaching',
  'management',
  'work-life balance',
  'confidence',
  'remote work',
  'javascript',
  'sql',
  'project management',
  'design thinking',
  'accessibility',
  'open source',
  'consulting',
  'law',
  'healthcare',
  'policy',
  'sustainability',
  'hardware',
  'mobile',
  'devops',
];
const GOALS = [
  'promotion',
  'new job',
  'switch field',
  'start a business',
  'grow skills',
  'build network',
  'further study',
  'return to work',
  'lead a team',
  'confidence',
];
const INDUSTRIES = [
  'technology',
  'finance',
  'health',
  'education',
  'government',
  'retail',
  'media',
  'energy',
  'manufacturing',
  'nonprofit',
  'law',
  'consulting',
];
const BACKGROUNDS = ['first-generation', 'career-changer', 'parent', 'veteran', 'immigrant', 'self-taught'];
const ZONES: (readonly [string, number])[] = [
  ['Europe/London', 18],
  ['Europe/Berlin', 14],
  ['Europe/Paris', 8],
  ['Europe/Madrid', 5],
  ['America/New_York', 16],
  ['America/Chicago', 7],
  ['America/Los_Angeles', 9],
  ['America/Sao_Paulo', 4],
  ['America/Mexico_City', 3],
  ['Asia/Kolkata', 8],
  ['Asia/Singapore', 3],
  ['Asia/Tokyo', 2],
  ['Australia/Sydney', 3],
  ['Africa/Lagos', 3],
  ['Africa/Nairobi', 2],
  ['Asia/Dubai', 2],
];
const SECOND_LANGUAGES: (readonly [string, number])[] = [
  ['Spanish', 20],
  ['French', 10],
  ['German', 8],
  ['Hindi', 8],
  ['Portuguese', 6],
  ['Mandarin', 6],
  ['Arabic', 5],
  ['Japanese', 2],
  ['Swahili', 2],
  ['Yoruba', 2],
];

const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

function availability(r: Rng): WeeklySlot[] {
  if (r.chance(0.05)) return [];
  return Array.from({ length: r.int(1, 4) }, () => {
    const day: Weekday = r.pick(WEEKDAYS);
    const from = r.weighted([
      [r.int(17, 20), 6],
      [r.int(7, 9), 2],
      [r.int(12, 13), 2],
      [r.int(9, 16), 1],
    ] as const);
    return { day, from: hh(from), to: hh(Math.min(24, from + r.int(1, 3))) };
  });
}

function person(r: Rng, id: string, role: 'mentor' | 'mentee'): MatchProfile {
  const english = r.chance(0.88);
  const languages = english ? ['English'] : [];
  if (!english || r.chance(0.3)) languages.push(r.weighted(SECOND_LANGUAGES));
  const preferences: MatchPreference[] = [];
  if (role === 'mentee' && r.chance(0.2)) {
    preferences.push(
      r.chance(0.5)
        ? { kind: 'same-industry', hard: false }
        : { kind: 'background', value: r.pick(BACKGROUNDS), hard: false },
    );
  }
  if (role === 'mentee' && r.chance(0.05)) {
    preferences.push(
      r.chance(0.6)
        ? { kind: 'max-tz-distance', value: r.pick([3, 5, 8]), hard: true }
        : { kind: 'background', value: r.pick(BACKGROUNDS), hard: true },
    );
  }
  return {
    id,
    languages,
    timeZone: r.weighted(ZONES),
    availability: availability(r),
    topics: r.sample(TOPICS, role === 'mentor' ? r.int(3, 8) : r.int(1, 5), 1.6),
    goals: r.sample(GOALS, role === 'mentor' ? r.int(2, 5) : r.int(1, 3), 1.3),
    industry: r.chance(0.9) ? r.pick(INDUSTRIES) : null,
    background: role === 'mentor' && r.chance(0.3) ? r.sample(BACKGROUNDS, r.int(1, 2)) : [],
    preferences,
  };
}

/** A programme-like instance: mostly English speakers across 16 zones, evenings, popular topics. */
export function randomInstance(seed: number, mentees: number, mentors: number) {
  const r = rng(seed);
  return {
    mentors: Array.from({ length: mentors }, (_, j): MentorProfile => ({
      ...person(r, `mentor-${j}`, 'mentor'),
      capacity: r.int(1, 3),
    })),
    mentees: Array.from({ length: mentees }, (_, i) => person(r, `mentee-${i}`, 'mentee')),
  };
}

/**
 * A small, rule-heavy instance for the brute-force comparisons: few languages and zones, so hard
 * rules often bite; every kind of preference, hard and soft; some forbidden pairs.
 */
export function smallInstance(seed: number, maxMentees = 6, maxMentors = 6) {
  const r = rng(seed);
  const zones = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Asia/Tokyo', 'Nowhere/Unknown'];
  const preference = (): MatchPreference => {
    const hard = r.chance(0.4);
    return r.pick<MatchPreference>([
      { kind: 'same-language', hard },
      { kind: 'same-industry', hard },
      { kind: 'background', value: r.pick(BACKGROUNDS.slice(0, 3)), hard },
      { kind: 'max-tz-distance', value: r.pick([1, 5, 9]), hard },
      { kind: 'shared-time', value: r.pick([0.5, 2]), hard },
    ]);
  };
  const make = (id: string): MatchProfile => ({
    id,
    languages: r.sample(['English', 'Spanish', 'French'], r.int(0, 2)),
    timeZone: r.pick(zones),
    availability: availability(r),
    topics: r.sample(TOPICS.slice(0, 6), r.int(0, 3)),
    goals: r.sample(GOALS.slice(0, 4), r.int(0, 2)),
    industry: r.chance(0.8) ? r.pick(INDUSTRIES.slice(0, 3)) : null,
    background: r.chance(0.5) ? r.sample(BACKGROUNDS.slice(0, 3), r.int(1, 2)) : [],
    preferences: r.chance(0.4) ? [preference()] : [],
  });
  // Places mostly scarce, so that mentees compete and the optimum needs chains of moves.
  const mentors = Array.from({ length: r.int(1, maxMentors) }, (_, j): MentorProfile => ({
    ...make(`mentor-${j}`),
    capacity: r.chance(0.6) ? 1 : r.int(2, 3),
  }));
  const mentees = Array.from({ length: r.int(Math.min(3, maxMentees), maxMentees) }, (_, i) =>
    make(`mentee-${i}`),
  );
  const forbidden = mentors.flatMap((mentor) =>
    mentees.filter(() => r.chance(0.1)).map((mentee) => ({ mentorId: mentor.id, menteeId: mentee.id })),
  );
  return {
    mentors,
    mentees,
    forbidden,
    objective: r.chance(0.5) ? ('participation' as const) : ('score' as const),
  };
}
