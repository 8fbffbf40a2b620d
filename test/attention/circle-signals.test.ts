import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PairingHealthRepository } from '../../src/admin/repositories/pairing-health.repository';
import { DashboardService } from '../../src/admin/services/dashboard.service';
import { AttentionService } from '../../src/attention/attention.service';
import { SignalsRepository } from '../../src/attention/signals.repository';
import type { RunningApp } from '../../src/bootstrap';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { write } from '../admin/prompt-rows';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { FakeClock } from '../prompts/fake-clock';
import { TestEnv } from '../support/test-env';
import { held, plus, sentWelcome } from './attention-rows';

jest.setTimeout(90_000);

/**
 * The pair rules (the old health rules behind the dashboard's counts, and the work queue's
 * conversation signals) speak of a mentor side and a mentee side. A circle where one member
 * wrote and nobody answered is not "one-sided", has no "two-way exchange" owed and no reply
 * owed by one person; the same messages in a pair are. A circle's held mail is still an item.
 */
describe('pair rules are for pairs: circles and rooms are not judged as one-sided pairs', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  // The old rules read the database's clock: the fake clock starts at the real now.
  const T0 = new Date(Math.floor(Date.now() / 1000) * 1000);
  const clock = new FakeClock(T0);

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000', ROLES: 'api' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('a circle with one member writing and nobody answering is not a one-sided pair', async () => {
    // The control: a pair where the mentee wrote three times and the mentor never answered.
    const pair = await createPairingWorld(running.app);
    const programme = pair.programme;
    const programs = running.app.get(ProgramsService);
    const tag = randomBytes(3).toString('hex');
    const person = (name: string, role: 'mentor' | 'mentee') =>
      programs.addParticipant(programme.id, {
        name,
        email: `${name.toLowerCase()}.${tag}@example.org`,
        role,
      });
    const lead = await person('Lena', 'mentor');
    const members = [
      await person('Ada', 'mentee'),
      await person('Bo', 'mentee'),
      await person('Cy', 'mentee'),
    ];
    const circle = await programs.createCircle(programme, 'Evening Circle', [lead], members);
    const room = await programs.createRoom(programme, 'Getting into tech', 'getting into tech');
    await programs.joinRoom(room.id, members[1]);
    await programs.joinRoom(room.id, members[2]);
    // The helpers take a pairing and a member: the circle (and the room) with its first member.
    const inCircle: PairingWorld = { programme, mentor: lead, mentee: members[0], pairing: circle };
    const inRoom: PairingWorld = { programme, mentor: lead, mentee: members[1], pairing: room };

    for (const w of [pair, inCircle, inRoom]) {
      await sentWelcome(db, w, plus(T0, -20), 'prompt');
      for (const day of [-19, -18, -17]) await write(db, w, w.mentee.id, plus(T0, day));
    }

    const signals = running.app.get(SignalsRepository);
    const of = async (id: string) =>
      (await signals.signals(T0, { pairingId: id })).map((r) => r.signal).sort();
    // The control shows the rules fire on these very rows.
    expect(await of(pair.pairing.id)).toEqual(['no_first_exchange', 'one_sided']);
    expect(await of(circle.id)).toEqual([]);
    expect(await of(room.id)).toEqual([]);

    const health = running.app.get(PairingHealthRepository);
    const listed = await health.list({ programmeId: programme.id });
    expect(listed.map((r) => r.id)).toEqual([pair.pairing.id]);
    expect(listed[0].reasons).toEqual(expect.arrayContaining(['no_two_way_exchange']));
    expect((await health.list({ programmeId: programme.id, health: 'attention' })).map((r) => r.id)).toEqual([
      pair.pairing.id,
    ]);

    // What is true of any relay address stays an item for a circle: its held mail.
    await held(db, inCircle, plus(T0, -1));
    const queue = running.app.get(AttentionService);
    const items = await queue.queue({ programmeId: programme.id });
    expect(items.map((i) => [i.pairing.label, i.signal]).sort()).toEqual([
      ['Evening Circle', 'moderation_hold'],
      [`${pair.mentor.name} (mentor), ${pair.mentee.name} (mentee)`, 'no_first_exchange'],
      [`${pair.mentor.name} (mentor), ${pair.mentee.name} (mentee)`, 'one_sided'],
    ]);
    expect([...(await queue.healthScores({ programmeId: programme.id })).keys()]).toEqual([pair.pairing.id]);

    // The dashboard: one pair, in attention; the average and "at risk" over that pair alone;
    // the queue's count is the three items staff find there.
    const view = await running.app.get(DashboardService).view();
    const mine = view.programmes.find((p) => p.id === programme.id);
    expect(mine?.total).toBe(1);
    expect(mine?.counts.attention).toBe(1);
    expect(view.health.get(programme.id)).toEqual({ average: 45, atRisk: 1, queued: 3 });
  });
});
