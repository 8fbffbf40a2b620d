import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { MatchExclusion } from '../../src/matching/entities/match-exclusion.entity';
import { MatchApplyService } from '../../src/matching/match-apply.service';
import { toMatchProfile } from '../../src/matching/match-round';
import type { MatchCriteria, WeeklySlot } from '../../src/matching/match.types';
import { MatchingService } from '../../src/matching/matching.service';
import { ReadinessRepository } from '../../src/matching/readiness.repository';
import { scorePair } from '../../src/matching/score';
import type { RoleWanted } from '../../src/enrolment/entities/participant-profile.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { addProfiled } from '../factories/match-people';
import { rng } from '../factories/match-instance';
import { TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

const LANGUAGES = ['English', 'Spanish', 'French'];
const ZONES = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney'];
const SLOTS: WeeklySlot[] = [
  { day: 'mon', from: '18:00', to: '20:00' },
  { day: 'wed', from: '07:00', to: '09:00' },
  { day: 'sat', from: '10:00', to: '13:00' },
];

/**
 * Property: whatever the programme, applied proposals (in two rounds, the second counting the
 * pairings of the first) never exceed a mentor's capacity, never pair a mentee twice, never break
 * a hard rule and never make a pair marked "never pair again".
 */
describe('applied proposals keep capacities, hard rules and exclusions', () => {
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

  it.each([1, 2, 3, 4, 5, 6])('random programme %i', async (seed) => {
    const r = rng(seed * 7919);
    const criteria: Partial<MatchCriteria> =
      seed % 2 === 0
        ? { hardRules: [{ kind: 'same-language' }, { kind: 'max-tz-distance', value: 6 }] }
        : { hardRules: [{ kind: 'same-language' }, { kind: 'shared-time', value: 1 }], objective: 'score' };
    const programme = await running.app
      .get(ProgramsService)
      .createProgramme(`Property ${seed}`, { matchCriteria: criteria as Record<string, unknown> });
    const addPeople = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const role = r.weighted<RoleWanted>([
          ['mentor', 3],
          ['mentee', 5],
          ['either', 2],
        ]);
        await addProfiled(running.app, programme, role, {
          languages: r.sample(LANGUAGES, r.int(1, 2), 2),
          timeZone: r.pick(ZONES),
          availability: r.sample(SLOTS, r.int(1, 2)),
          topics: r.sample(['sales', 'leadership', 'writing', 'data'], r.int(1, 2)),
          capacity: role === 'mentee' ? null : r.int(1, 3),
          preferences: r.chance(0.2) ? [{ kind: 'same-industry', hard: true }] : [],
          industry: r.pick(['health', 'tech']),
        });
      }
    };
    const matching = running.app.get(MatchingService);
    const applier = running.app.get(MatchApplyService);
    await addPeople(r.int(6, 12));
    for (let round = 0; round < 2; round++) {
      const proposal = await matching.propose(programme.id, 'cli');
      // Staff exclude a random proposed pair now and then: the re-run must avoid it.
      const pick = proposal.pairs.length > 0 && r.chance(0.5) ? r.pick(proposal.pairs) : null;
      const final = pick
        ? await matching.exclude(proposal.proposal.id, pick.mentorId, pick.menteeId, 'cli')
        : proposal;
      await applier.apply(final.proposal.id);
      await addPeople(r.int(2, 5)); // newcomers for the second round
    }

    const people = new Map(
      (await running.app.get(ReadinessRepository).inProgramme(programme.id)).map((p) => [
        p.participant.id,
        p,
      ]),
    );
    const excluded = new Set(
      (await db.getRepository(MatchExclusion).findBy({ programmeId: programme.id })).map(
        (e) => `${e.mentorId}:${e.menteeId}`,
      ),
    );
    const pairs: { pairing_id: string; mentor: string; mentee: string; mentees: number }[] = await db.query(
      `SELECT pa.id AS pairing_id, mr.participant_id AS mentor, me.participant_id AS mentee,
              (SELECT count(*)::int FROM pairing_members x WHERE x.pairing_id = pa.id AND x.role = 'mentee') AS mentees
         FROM pairings pa
         JOIN pairing_members mr ON mr.pairing_id = pa.id AND mr.role = 'mentor'
         JOIN pairing_members me ON me.pairing_id = pa.id AND me.role = 'mentee'
        WHERE pa.programme_id = $1`,
      [programme.id],
    );
    expect(pairs.length).toBeGreaterThan(0);
    const load = new Map<string, number>();
    const mentees = new Set<string>();
    for (const pair of pairs) {
      expect(pair.mentees).toBe(1);
      expect(mentees.has(pair.mentee)).toBe(false);
      mentees.add(pair.mentee);
      load.set(pair.mentor, (load.get(pair.mentor) ?? 0) + 1);
      expect(excluded.has(`${pair.mentor}:${pair.mentee}`)).toBe(false);
      const mentor = people.get(pair.mentor)!;
      const score = scorePair(
        { ...toMatchProfile(mentor), capacity: 1 },
        toMatchProfile(people.get(pair.mentee)!),
        criteria,
        {
          now: new Date(),
        },
      );
      expect(score.blockedBy).toEqual([]);
    }
    for (const [mentor, count] of load) {
      expect(count).toBeLessThanOrEqual(people.get(mentor)!.profile.capacity ?? 1);
      expect(mentees.has(mentor)).toBe(false); // nobody on both sides
    }
  });
});
