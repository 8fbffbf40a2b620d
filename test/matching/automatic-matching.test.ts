import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { MatchProposal } from '../../src/matching/entities/match-proposal.entity';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { addProfiled } from '../factories/match-people';
import { FakeClock } from '../prompts/fake-clock';
import { TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

/** matching_mode 'automatic': the tick proposes and applies, once per tick, only for people still waiting. */
describe('automatic matching on the schedule tick', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let tick: ScheduleTickService;
  let auto: Programme;
  let review: Programme;
  const clock = new FakeClock(new Date('2026-03-02T08:00:00Z'));

  beforeAll(async () => {
    env = await TestEnv.create();
    // No worker: the test drives the tick with the fake clock.
    running = await env.start({ ROLES: 'api' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    tick = running.app.get(ScheduleTickService);
    const programs = running.app.get(ProgramsService);
    auto = await programs.createProgramme('Auto Match', { matchingMode: 'automatic' });
    review = await programs.createProgramme('Staff Review');
  });

  afterAll(async () => {
    await env.destroy();
  });

  const pairingsOf = (programme: Programme) =>
    db.getRepository(Pairing).findBy({ programmeId: programme.id });
  const proposalsOf = (programme: Programme) =>
    db.getRepository(MatchProposal).countBy({ programmeId: programme.id });
  const welcomesTo = (participantId: string) =>
    db.getRepository(Delivery).countBy({ recipientId: participantId, kind: 'welcome' });

  it('matches ready people on the tick and welcomes them in the same tick; a review programme waits for staff', async () => {
    const mentor = await addProfiled(running.app, auto, 'mentor', { capacity: 2 });
    const first = await addProfiled(running.app, auto, 'mentee');
    const alone = await addProfiled(running.app, review, 'mentor');
    await addProfiled(running.app, review, 'mentee');

    await tick.tick(clock.now());
    const pairings = await pairingsOf(auto);
    expect(pairings).toHaveLength(1);
    expect(pairings[0].status).toBe('active');
    expect(await welcomesTo(mentor.id)).toBe(1);
    expect(await welcomesTo(first.id)).toBe(1);
    expect(await pairingsOf(review)).toHaveLength(0);
    expect(await proposalsOf(review)).toBe(0);
    expect(await welcomesTo(alone.id)).toBe(0);
  });

  it('does nothing on a tick where nobody new is ready, even with someone left waiting', async () => {
    await addProfiled(running.app, auto, 'mentee', { languages: ['Welsh'] }); // fits no mentor
    clock.set('2026-03-02T08:01:00Z');
    await tick.tick(clock.now());
    const proposals = await proposalsOf(auto);
    expect(proposals).toBe(2); // the first match, then one for the newcomer who fits nobody
    clock.set('2026-03-02T08:02:00Z');
    await tick.tick(clock.now());
    clock.set('2026-03-02T08:03:00Z');
    await tick.tick(clock.now());
    expect(await proposalsOf(auto)).toBe(proposals);
    expect(await pairingsOf(auto)).toHaveLength(1);
  });

  it('matches a newcomer to a free place without touching the pairings already made', async () => {
    const before = await pairingsOf(auto);
    const newcomer = await addProfiled(running.app, auto, 'mentee');
    clock.set('2026-03-02T09:00:00Z');
    await tick.tick(clock.now());
    const after = await pairingsOf(auto);
    expect(after).toHaveLength(2);
    expect(after.map((p) => p.id)).toEqual(expect.arrayContaining(before.map((p) => p.id)));
    expect(after.every((p) => p.status === 'active')).toBe(true);
    expect(await welcomesTo(newcomer.id)).toBe(1);
    // The mentor is full now: a second mentee waits, and is not matched past capacity.
    await addProfiled(running.app, auto, 'mentee');
    clock.set('2026-03-02T09:01:00Z');
    await tick.tick(clock.now());
    expect(await pairingsOf(auto)).toHaveLength(2);
  });
});
