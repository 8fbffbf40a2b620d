import {
  CIRCLE_MAX_MEMBERS,
  CIRCLE_MEMBERS_PER_LEAD,
  CIRCLE_MIN_MEMBERS,
  planCircles,
  type CirclePlanInput,
} from './circle-plan';
import type { MatchProfile, MentorProfile } from './match.types';
import { scorePair } from './score';

const now = new Date('2026-03-02T12:00:00Z');
const evenings = [{ day: 'tue' as const, from: '18:00', to: '20:00' }];

const mentee = (id: string, topics: string[], extra: Partial<MatchProfile> = {}): MatchProfile => ({
  id,
  languages: ['English'],
  timeZone: 'Europe/London',
  availability: evenings,
  topics,
  goals: [],
  ...extra,
});
const mentor = (id: string, topics: string[], extra: Partial<MentorProfile> = {}): MentorProfile => ({
  ...mentee(id, topics),
  capacity: 1,
  ...extra,
});
const many = (prefix: string, count: number, topics: string[], extra: Partial<MatchProfile> = {}) =>
  Array.from({ length: count }, (_, k) => mentee(`${prefix}${k + 1}`, topics, extra));
const plan = (input: Partial<CirclePlanInput>) =>
  planCircles({ mentors: [], mentees: [], criteria: {}, forbidden: [], now, ...input });

/** Every invariant a proposal must keep, whatever the input. */
function expectSound(input: CirclePlanInput): void {
  const result = planCircles(input);
  const seen = new Set<string>();
  const byId = new Map([...input.mentors, ...input.mentees].map((p) => [p.id, p]));
  for (const c of result.circles) {
    expect(c.leadIds.length).toBeGreaterThanOrEqual(1);
    expect(c.leadIds.length).toBeLessThanOrEqual(2);
    expect(c.memberIds.length).toBeGreaterThanOrEqual(CIRCLE_MIN_MEMBERS);
    expect(c.memberIds.length).toBeLessThanOrEqual(
      Math.min(CIRCLE_MAX_MEMBERS, c.leadIds.length * CIRCLE_MEMBERS_PER_LEAD),
    );
    for (const id of [...c.leadIds, ...c.memberIds]) {
      expect(seen.has(id)).toBe(false); // nobody double-booked
      seen.add(id);
    }
    const topic = c.topic.toLowerCase();
    for (const lead of c.leadIds) {
      const l = byId.get(lead) as MentorProfile;
      expect(input.mentors.some((x) => x.id === lead)).toBe(true);
      expect(l.capacity).toBeGreaterThan(0);
      expect(l.topics.map((x) => x.toLowerCase())).toContain(topic);
      for (const member of c.memberIds) {
        const p = byId.get(member)!;
        expect(input.mentees.some((x) => x.id === member)).toBe(true);
        expect(p.topics.map((x) => x.toLowerCase())).toContain(topic);
        const forbidden = input.forbidden.some((f) => f.mentorId === lead && f.menteeId === member);
        expect(scorePair(l, p, input.criteria, { now, forbidden }).feasible).toBe(true);
      }
    }
  }
  // Every mentee is in exactly one circle or left out with a reason.
  const left = new Set(result.leftOut.map((l) => l.id));
  for (const p of input.mentees) expect(seen.has(p.id) !== left.has(p.id)).toBe(true);
}

describe('planCircles', () => {
  it('groups mentees who share a topic under a lead who covers it, and leaves the rest for one-to-one matching', () => {
    const result = plan({
      mentors: [mentor('lead-ux', ['UX design', 'sales']), mentor('lead-law', ['law'])],
      mentees: [
        ...many('ux', 4, ['ux design']),
        mentee('law1', ['law']),
        mentee('law2', ['Law']),
        mentee('solo', ['astronomy']),
        mentee('none', []),
      ],
    });
    expect(result.circles).toHaveLength(1);
    expect(result.circles[0]).toMatchObject({
      topic: 'UX design',
      leadIds: ['lead-ux'],
      memberIds: ['ux1', 'ux2', 'ux3', 'ux4'],
    });
    expect(result.circles[0].explanation).toMatch(/^4 mentees who all list UX design; its lead covers it/);
    const why = new Map(result.leftOut.map((l) => [l.id, l]));
    expect(why.get('law1')?.reason).toBe('no-shared-topic');
    expect(why.get('solo')?.detail).toBe(
      'fewer than 3 waiting mentees list astronomy: left for one-to-one matching',
    );
    expect(why.get('none')?.reason).toBe('no-topics');
  });

  it('gives a lead at most six, takes a second lead for more, and never seats more than twelve', () => {
    const one = plan({ mentors: [mentor('a', ['sales'])], mentees: many('m', 8, ['sales']) });
    expect(one.circles.map((c) => [c.leadIds.length, c.memberIds.length])).toEqual([[1, 6]]);
    expect(one.leftOut.map((l) => l.reason)).toEqual(['too-few-left', 'too-few-left']);

    const two = plan({
      mentors: [mentor('a', ['sales']), mentor('b', ['sales']), mentor('c', ['sales'])],
      mentees: many('m', 15, ['sales']),
    });
    expect(two.circles.map((c) => [c.leadIds.length, c.memberIds.length])).toEqual([
      [2, 12],
      [1, 3],
    ]);
    expect(two.leftOut).toEqual([]);
  });

  it('needs at least three members, a lead who covers the topic, and every member within the rules with every lead', () => {
    expect(plan({ mentors: [mentor('a', ['sales'])], mentees: many('m', 2, ['sales']) }).circles).toEqual([]);
    const full = plan({
      mentors: [mentor('a', ['law'])],
      mentees: many('m', 3, ['sales']),
    });
    expect(full.circles).toEqual([]);
    expect(full.leftOut.map((l) => l.reason)).toEqual(['no-lead', 'no-lead', 'no-lead']);

    const result = plan({
      mentors: [mentor('a', ['sales'])],
      mentees: [...many('en', 3, ['sales']), mentee('es', ['sales'], { languages: ['Spanish'] })],
      forbidden: [{ mentorId: 'a', menteeId: 'en3' }],
    });
    expect(result.circles).toEqual([]);
    expect(result.leftOut.find((l) => l.id === 'es')?.detail).toBe(
      'no free mentor who covers sales meets the rules with them: left for one-to-one matching',
    );
  });

  it('seats mentees with fewer topics first, so someone with another topic can still find a circle there', () => {
    const result = plan({
      mentors: [mentor('a', ['sales']), mentor('b', ['law'])],
      mentees: [
        ...many('s', 5, ['sales']),
        mentee('both1', ['sales', 'law']),
        mentee('both2', ['sales', 'law']),
        ...many('l', 1, ['law']),
      ],
    });
    const sales = result.circles.find((c) => c.topic === 'sales')!;
    expect(sales.memberIds).toEqual(['s1', 's2', 's3', 's4', 's5', 'both1']);
    expect(result.circles.find((c) => c.topic === 'law')).toBeUndefined();
    // Both1 took the sixth sales seat; both2 and l1 are two: no law circle.
    expect(result.leftOut.map((l) => l.id).sort()).toEqual(['both2', 'l1']);
  });

  it('keeps every invariant on random programmes', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const topics = ['sales', 'law', 'design', 'data'];
    const pick = () => topics.filter(() => rand() < 0.35);
    const lang = () => (rand() < 0.85 ? ['English'] : ['Spanish']);
    for (let round = 0; round < 60; round++) {
      const mentors = Array.from({ length: 1 + Math.floor(rand() * 6) }, (_, k) =>
        mentor(`r${round}-lead${k}`, pick(), { capacity: 1 + Math.floor(rand() * 3), languages: lang() }),
      );
      const mentees = Array.from({ length: Math.floor(rand() * 40) }, (_, k) =>
        mentee(`r${round}-m${k}`, pick(), { languages: lang() }),
      );
      const forbidden = mentees
        .filter(() => rand() < 0.1)
        .map((p) => ({ mentorId: mentors[0].id, menteeId: p.id }));
      expectSound({ mentors, mentees, criteria: {}, forbidden, now });
    }
  });
});
