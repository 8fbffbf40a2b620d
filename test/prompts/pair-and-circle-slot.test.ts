import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import type { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { PairingPrompt } from '../../src/prompts/entities/pairing-prompt.entity';
import { Schedule } from '../../src/prompts/entities/schedule.entity';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';
import { FakeClock } from './fake-clock';

jest.setTimeout(90_000);

/**
 * Someone in a pair and a circle follows both curricula, and gets at most one prompt email per
 * slot: the pair's goes at its time, the circle's waits for the programme's hour the next day
 * (from seeding, so the welcome names the real time, and at the tick, when the two fall together
 * later). Fake clock, real PostgreSQL; deliveries stay queued (no worker role).
 */
describe('a person in a pair and a circle: one prompt email per slot', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let world: PairingWorld;
  let circle: Pairing;
  let tom: Participant;
  let sam: Participant;
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));
  const tick = (at: string) => {
    clock.set(at);
    return running.app.get(ScheduleTickService).tick(new Date(at));
  };

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api', SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    // The pair first (Tom, a mentee in New York), then a circle Tom is also in.
    world = await createPairingWorld(running.app, { welcome: true });
    tom = world.mentee;
    const programs = running.app.get(ProgramsService);
    const tag = randomBytes(3).toString('hex');
    const lead = await programs.addParticipant(world.programme.id, {
      name: 'Lee Lead',
      email: `lee.${tag}@lead-mail.example`,
      role: 'mentor',
      timeZone: 'America/New_York',
    });
    sam = await programs.addParticipant(world.programme.id, {
      name: 'Sam Member',
      email: `sam.${tag}@home-mail.example`,
      role: 'mentee',
      timeZone: 'America/New_York',
    });
    circle = await programs.createCircle(world.programme, 'Night owls', [lead], [tom, sam]);
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  /** Tom's prompt emails (skips left out), oldest first, as [pairing, prompt key]. */
  const tomsPrompts = async () => {
    const rows = await db
      .getRepository(Delivery)
      .find({
        where: { kind: 'prompt', recipientId: tom.id, status: 'queued' },
        order: { createdAt: 'ASC' },
      });
    const issued = await db.getRepository(PairingPrompt).find();
    return rows.map((d) => [
      d.pairingId === circle.id ? 'circle' : 'pair',
      issued.find((p) => p.messageRowId === d.sourceMessageId)?.promptKey,
    ]);
  };
  const row = (participantId: string, pairingId: string) =>
    db.getRepository(Schedule).findOneByOrFail({ participantId, pairingId, stream: 'prompt' });

  it("seeds both; the circle's first prompt to Tom starts the day after his pair's", async () => {
    await tick('2026-03-01T12:00:00Z');
    // Tuesday 09:00 in New York is 14:00 UTC; Tom's circle row a day later, Sam's on the Tuesday.
    expect((await row(tom.id, world.pairing.id)).nextRunAt?.toISOString()).toBe('2026-03-03T14:00:00.000Z');
    expect((await row(tom.id, circle.id)).nextRunAt?.toISOString()).toBe('2026-03-04T14:00:00.000Z');
    expect((await row(sam.id, circle.id)).nextRunAt?.toISOString()).toBe('2026-03-03T14:00:00.000Z');
    // Both welcomes went to Tom, each naming its own first prompt's time.
    const welcomes = await db.getRepository(Delivery).findBy({ kind: 'welcome', recipientId: tom.id });
    expect(welcomes.map((w) => w.pairingId).sort()).toEqual([world.pairing.id, circle.id].sort());

    await tick('2026-03-03T14:00:30Z');
    expect(await tomsPrompts()).toEqual([['pair', 'two-truths-and-a-wish']]);
    const samGot = await db.getRepository(Delivery).findBy({ kind: 'prompt', recipientId: sam.id });
    expect(samGot).toHaveLength(1);

    await tick('2026-03-04T14:00:30Z');
    expect(await tomsPrompts()).toEqual([
      ['pair', 'two-truths-and-a-wish'],
      ['circle', 'circle-introductions'],
    ]);
  });

  it("when both fall due together later, the pair's goes and the circle's waits a day, nothing lost", async () => {
    // The pair's week 1 item 1 is Friday 09:00; put Tom's circle cursor (week 2) on the same instant.
    const friday = new Date('2026-03-06T14:00:00Z');
    expect((await row(tom.id, world.pairing.id)).nextRunAt).toEqual(friday);
    await db.getRepository(Schedule).update(
      { participantId: tom.id, pairingId: circle.id, stream: 'prompt' },
      {
        week: 2,
        item: 0,
        weekStart: '2026-03-06',
        nextRunAt: friday,
      },
    );

    const sent = (await tick('2026-03-06T14:00:30Z')).prompts.sent;
    expect(await tomsPrompts()).toEqual([
      ['pair', 'two-truths-and-a-wish'],
      ['circle', 'circle-introductions'],
      ['pair', 'user-manual-of-me'],
    ]);
    expect(sent).toBe(2); // Tom's pair prompt and Maria's, not Tom's circle prompt
    const waiting = await row(tom.id, circle.id);
    expect([waiting.week, waiting.item, waiting.nextRunAt?.toISOString()]).toEqual([
      2,
      0,
      '2026-03-07T14:00:00.000Z',
    ]);
    // Nothing was recorded as skipped: it waits, it is not dropped.
    expect(
      await db
        .getRepository(Delivery)
        .countBy({ recipientId: tom.id, pairingId: circle.id, status: 'skipped' }),
    ).toBe(0);

    // Due an hour after the pair's went (as a late tick or an hour-apart item would make it): the
    // same slot, so it still waits for tomorrow.
    await db.getRepository(Schedule).update(
      { participantId: tom.id, pairingId: circle.id, stream: 'prompt' },
      {
        nextRunAt: new Date('2026-03-06T15:00:00Z'),
      },
    );
    await tick('2026-03-06T15:00:30Z');
    expect(await tomsPrompts()).toHaveLength(3);
    expect((await row(tom.id, circle.id)).nextRunAt?.toISOString()).toBe('2026-03-07T14:00:00.000Z');

    // Saturday is the pair's again (week 1 item 2, day 4): the circle's waits once more.
    await tick('2026-03-07T14:00:30Z');
    expect((await tomsPrompts()).at(-1)).toEqual(['pair', 'reply-rhythm']);
    // Sunday 09:00 in New York is 13:00 UTC: summer time starts that night.
    expect((await row(tom.id, circle.id)).nextRunAt?.toISOString()).toBe('2026-03-08T13:00:00.000Z');

    await tick('2026-03-08T13:00:30Z');
    expect(await tomsPrompts()).toEqual([
      ['pair', 'two-truths-and-a-wish'],
      ['circle', 'circle-introductions'],
      ['pair', 'user-manual-of-me'],
      ['pair', 'reply-rhythm'],
      ['circle', 'circle-goals-board'],
    ]);
  });
});
