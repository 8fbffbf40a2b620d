import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { matchProgramme } from '../../src/cli/commands/match.command';
import { cohortPeople, COHORT_SLUG, seedCohort } from '../../src/cli/commands/seed-cohort';
import { scorePair } from '../../src/matching/score';
import { toMatchProfile } from '../../src/matching/match-round';
import { ReadinessRepository } from '../../src/matching/readiness.repository';
import { TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

/** `seed-demo --cohort 40` then `match --programme demo-cohort [--apply]`, as the CLI runs them. */
describe('the demo cohort and the match command', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  it('seeds the same varied people every time', () => {
    const people = cohortPeople(40);
    expect(cohortPeople(40)).toEqual(people);
    expect(new Set(people.map((p) => p.email)).size).toBe(40);
    const roles = new Set(people.map((p) => p.roleWanted));
    expect(roles).toEqual(new Set(['mentor', 'mentee', 'either']));
    expect(new Set(people.flatMap((p) => p.languages)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(people.map((p) => p.timeZone)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(people.flatMap((p) => p.topics)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(people.filter((p) => p.capacity).map((p) => p.capacity))).toEqual(new Set([1, 2, 3]));
    expect(people.some((p) => p.availability.some((s) => s.day === 'sat' || s.day === 'sun'))).toBe(true);
    expect(people.some((p) => p.preferences.length > 0)).toBe(true);
  });

  it('prints a proposal without applying it, then applies it: most matched, capacities and hard rules kept', async () => {
    const seeded = await seedCohort(running.app, 40);
    expect(seeded).toMatchObject({ slug: COHORT_SLUG, created: 40 });
    expect((await seedCohort(running.app, 40)).created).toBe(0); // a second run adds nobody

    const lines = await matchProgramme(running.app, COHORT_SLUG, false);
    expect(lines[0]).toMatch(
      /^Proposal for Demo Cohort \(demo-cohort\): \d+ mentors and \d+ mentees ready, \d+ pairs$/,
    );
    expect(lines[1]).toMatch(
      /^Total score \d+; a greedy best-pair-first pass: \d+ \(\d+% of ours\); first-come: \d+/,
    );
    const pairLines = lines.filter((l) => /^ {2}.+ <- .+, \d+: /.test(l));
    expect(pairLines.length).toBeGreaterThan(10);
    expect(pairLines[0]).toMatch(/shared topic|apart|both free/);
    expect(lines.join('\n')).toContain(
      'Not applied. To create these pairings: npm run cli -- match --programme demo-cohort --apply',
    );
    expect(await db.query('SELECT 1 FROM pairings')).toHaveLength(0);
    const [, total, greedy] = /^Total score (\d+); a greedy best-pair-first pass: (\d+)/
      .exec(lines[1])!
      .map(Number);
    expect(total).toBeGreaterThanOrEqual(greedy);

    const applied = await matchProgramme(running.app, COHORT_SLUG, true);
    const created = Number(/^Applied: (\d+) pairings created/m.exec(applied.join('\n'))![1]);
    expect(created).toBe(pairLines.length);

    const programmeId = (await db.query(`SELECT id FROM programmes WHERE slug = $1`, [COHORT_SLUG]))[0].id;
    const people = await running.app.get(ReadinessRepository).inProgramme(programmeId);
    const byId = new Map(people.map((p) => [p.participant.id, p]));
    const pairs: { mentor: string; mentee: string }[] = await db.query(
      `SELECT mr.participant_id AS mentor, me.participant_id AS mentee FROM pairings pa
         JOIN pairing_members mr ON mr.pairing_id = pa.id AND mr.role = 'mentor'
         JOIN pairing_members me ON me.pairing_id = pa.id AND me.role = 'mentee'
        WHERE pa.programme_id = $1 AND pa.status = 'active'`,
      [programmeId],
    );
    const load = new Map<string, number>();
    for (const { mentor, mentee } of pairs) {
      load.set(mentor, (load.get(mentor) ?? 0) + 1);
      const m = byId.get(mentor)!;
      const score = scorePair(
        { ...toMatchProfile(m), capacity: m.profile.capacity ?? 1 },
        toMatchProfile(byId.get(mentee)!),
        {},
        {
          now: new Date(),
        },
      );
      expect(score.feasible).toBe(true);
      expect(m.participant.role).toBe('mentor');
      expect(byId.get(mentee)!.participant.role).toBe('mentee');
    }
    for (const [mentor, count] of load)
      expect(count).toBeLessThanOrEqual(byId.get(mentor)!.profile.capacity ?? 1);
    expect(new Set(pairs.map((p) => p.mentee)).size).toBe(pairs.length); // one mentor each
    // Most of the cohort is matched: every mentee but a handful, and the rest said why.
    const mentees = people.filter((p) => p.participant.role === 'mentee');
    expect(pairs.length / mentees.length).toBeGreaterThanOrEqual(0.8);
    const again = await matchProgramme(running.app, COHORT_SLUG, false);
    expect(again[0]).toMatch(/ready, 0 pairs$|ready, \d pairs$/);
  });
});
