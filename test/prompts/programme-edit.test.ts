import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { CLOCK } from '../../src/prompts/clock';
import { Schedule } from '../../src/prompts/entities/schedule.entity';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';
import { FakeClock } from './fake-clock';

/**
 * A programme edited while its pairings are live: the tick reads the programme's weekday, hour
 * and curriculum when it dispatches (they are joined into the claiming query), so no schedule
 * rewrite is needed. The item already due keeps the time people were told (digests and
 * confirmations name it); every step computed after the edit follows the new settings.
 * Without the worker role, deliveries stay queued and the test reads what each tick decided.
 */
// Real PostgreSQL and Redis on a shared machine: allow more than Jest's 5 s default.
jest.setTimeout(60_000);

describe('editing a programme reaches its live pairings', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let tick: ScheduleTickService;
  let world: PairingWorld;
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api', SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    tick = running.app.get(ScheduleTickService);
    world = await createPairingWorld(running.app); // mentor Berlin, mentee New York; Tuesdays 09:00
    await tick.tick(clock.now());
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const nextRun = async (participantId: string) => {
    const row = await db.getRepository(Schedule).findOneByOrFail({ participantId, stream: 'prompt' });
    return { week: row.week, item: row.item, at: row.nextRunAt?.toISOString() };
  };

  it('moves later steps to the new send weekday and hour, keeping the one already promised', async () => {
    expect((await tick.tick(clock.set('2026-03-03T14:00:10Z'))).prompts.sent).toBe(2); // week 1, day 0
    // Week 1's second item, day 3: Friday 6 March at 09:00 New York time.
    expect(await nextRun(world.mentee.id)).toEqual({ week: 1, item: 1, at: '2026-03-06T14:00:00.000Z' });

    // Staff move the programme from Tuesdays 09:00 to Thursdays 15:00.
    await db.query(`UPDATE programmes SET send_weekday = 4, send_hour = 15 WHERE id = $1`, [
      world.programme.id,
    ]);

    // The promised item still goes at its time, 09:00 local on each side...
    expect((await tick.tick(clock.set('2026-03-06T08:00:30Z'))).prompts.sent).toBe(1); // Berlin
    expect((await tick.tick(clock.set('2026-03-06T14:00:30Z'))).prompts.sent).toBe(1); // New York
    const mentee = await db
      .getRepository(Delivery)
      .find({ where: { kind: 'prompt', recipientId: world.mentee.id }, order: { createdAt: 'ASC' } });
    expect(mentee.map((d) => d.dedupeKey.split(':')[2])).toEqual(['1.0', '1.1']);
    // Week 1's last item (the reply-day poll, day 4) keeps the week's start, at the new hour: Saturday 15:00.
    expect(await nextRun(world.mentee.id)).toEqual({ week: 1, item: 2, at: '2026-03-07T20:00:00.000Z' });
    expect((await tick.tick(clock.set('2026-03-07T14:00:30Z'))).prompts.sent).toBe(1); // Berlin
    expect((await tick.tick(clock.set('2026-03-07T20:00:30Z'))).prompts.sent).toBe(1); // New York

    // ...and the next step lands on Thursday 12 March at 15:00 local for each member.
    expect(await nextRun(world.mentee.id)).toEqual({ week: 2, item: 0, at: '2026-03-12T19:00:00.000Z' }); // EDT
    expect((await tick.tick(clock.set('2026-03-07T21:00:00Z'))).prompts.sent).toBe(0);
    expect(await nextRun(world.mentor.id)).toEqual({ week: 2, item: 0, at: '2026-03-12T14:00:00.000Z' }); // CET

    // Nothing on the old day (Tuesday 10 March, 09:00 either side); both on the new one.
    expect((await tick.tick(clock.set('2026-03-10T13:30:00Z'))).prompts.sent).toBe(0);
    expect((await tick.tick(clock.set('2026-03-12T14:00:30Z'))).prompts.sent).toBe(1);
    expect((await tick.tick(clock.set('2026-03-12T19:00:30Z'))).prompts.sent).toBe(1);
    // Week 2's day-4 item follows the new week start: Monday 16 March, 15:00 local.
    expect(await nextRun(world.mentee.id)).toEqual({ week: 2, item: 1, at: '2026-03-16T19:00:00.000Z' });
  });
});
