import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { OutboxService } from '../../src/outbound/outbox.service';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { PairingPrompt } from '../../src/prompts/entities/pairing-prompt.entity';
import { Schedule } from '../../src/prompts/entities/schedule.entity';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';
import { FakeClock } from './fake-clock';

/**
 * The schedule against real PostgreSQL: apps without the worker role, so deliveries stay
 * queued and the test reads exactly what each tick decided.
 */
// Real PostgreSQL, Redis and SMTP on a shared machine: allow more than Jest's 5 s default.
jest.setTimeout(60_000);

describe('the prompt schedule', () => {
  let env: TestEnv;
  let a: RunningApp;
  let b: RunningApp;
  let db: DataSource;
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));
  // Ticks of this test's own pairings only: each test uses its own programme.
  const ticker = (app: INestApplicationContext) => app.get(ScheduleTickService);

  beforeAll(async () => {
    env = await TestEnv.create();
    const overrides = { ROLES: 'api', SCHEDULE_TICK_MS: '3600000' };
    a = await env.start(overrides, [[CLOCK, clock]]);
    b = await env.start(overrides, [[CLOCK, clock]]);
    db = a.app.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  /** Finishes every schedule left by an earlier test, so each test sees only its own rows. */
  async function retireOthers(): Promise<void> {
    await db.query(`UPDATE schedules SET next_run_at = NULL`);
  }

  const promptsTo = (participantId: string) =>
    db
      .getRepository(Delivery)
      .find({ where: { kind: 'prompt', recipientId: participantId }, order: { createdAt: 'ASC' } });

  it('seeds each member at their own local hour and sends each step once at that hour', async () => {
    await retireOthers();
    const world = await createPairingWorld(a.app); // mentor Berlin, mentee New York; Tuesdays 09:00
    clock.set('2026-03-01T12:00:00Z');
    const seeded = await ticker(a.app).tick(clock.now());
    expect(seeded.seeded).toBeGreaterThanOrEqual(4);
    const rows = await db.getRepository(Schedule).findBy({ pairingId: world.pairing.id, stream: 'prompt' });
    const at = Object.fromEntries(rows.map((r) => [r.participantId, r.nextRunAt!.toISOString()]));
    expect(at[world.mentor.id]).toBe('2026-03-03T08:00:00.000Z'); // 09:00 CET
    expect(at[world.mentee.id]).toBe('2026-03-03T14:00:00.000Z'); // 09:00 EST

    expect((await ticker(a.app).tick(new Date('2026-03-03T07:59:00Z'))).prompts.sent).toBe(0);
    expect((await ticker(a.app).tick(new Date('2026-03-03T08:00:30Z'))).prompts.sent).toBe(1);
    expect((await ticker(a.app).tick(new Date('2026-03-03T08:05:00Z'))).prompts.sent).toBe(0);
    expect((await ticker(a.app).tick(new Date('2026-03-03T14:00:10Z'))).prompts.sent).toBe(1);

    const [toMentor] = await promptsTo(world.mentor.id);
    const [toMentee] = await promptsTo(world.mentee.id);
    expect(toMentor.dedupeKey).toBe(`prompt:${world.pairing.id}:1.0:${world.mentor.id}`);
    // One issued prompt, one thread, one Message for both copies.
    expect(toMentor.sourceMessageId).toBe(toMentee.sourceMessageId);
    expect(await db.getRepository(PairingPrompt).countBy({ pairingId: world.pairing.id })).toBe(1);
  });

  it('ends a three-day outage with at most one prompt per person, never a burst', async () => {
    await retireOthers();
    const world = await createPairingWorld(a.app);
    await ticker(a.app).tick(new Date('2026-03-01T12:00:00Z'));
    // Down from Monday 2 March to Friday 6 March 15:00Z: week 1's Tuesday items are stale;
    // Friday's item (09:00 local) is 7 h late in Berlin, 1 h late in New York.
    const back = await ticker(a.app).tick(new Date('2026-03-06T15:00:00Z'));
    expect(back.prompts.sent).toBe(2);
    for (const member of [world.mentor, world.mentee]) {
      const rows = await promptsTo(member.id);
      expect(rows.filter((r) => r.status === 'queued')).toHaveLength(1);
      expect(rows.find((r) => r.status === 'queued')!.dedupeKey).toContain(':1.1:');
      expect(rows.filter((r) => r.status === 'skipped').map((r) => r.reason)).toEqual(['superseded']);
    }
    // Nothing more on the following ticks until Saturday's poll.
    expect((await ticker(a.app).tick(new Date('2026-03-06T15:01:00Z'))).prompts.sent).toBe(0);
    const next = await db
      .getRepository(Schedule)
      .findOneByOrFail({ participantId: world.mentee.id, stream: 'prompt' });
    expect(next).toMatchObject({ week: 1, item: 2 }); // the reply-day poll, day 4
    expect(next.nextRunAt!.toISOString()).toBe('2026-03-07T14:00:00.000Z'); // Saturday 09:00 EST
  });

  it('skips and reschedules anything more than 12 hours late, and the digest too', async () => {
    await retireOthers();
    const world = await createPairingWorld(a.app);
    await ticker(a.app).tick(new Date('2026-03-01T12:00:00Z'));
    // Three days down over Friday's items and the Friday digests: everything is too late.
    const back = await ticker(a.app).tick(new Date('2026-03-09T10:00:00Z'));
    expect(back.prompts.sent).toBe(0);
    expect(back.digests.queued).toBe(0);
    expect(back.digests.late).toBe(2);
    const digest = await db
      .getRepository(Schedule)
      .findOneByOrFail({ participantId: world.mentor.id, stream: 'digest' });
    expect(digest.nextRunAt!.toISOString()).toBe('2026-03-13T15:00:00.000Z'); // Friday 16:00 CET
  });

  it('sends each prompt once when two workers tick together', async () => {
    await retireOthers();
    const programme = await a.app.get(ProgramsService).createProgramme(`Race ${Date.now()}`);
    const worlds: PairingWorld[] = [];
    for (let i = 0; i < 25; i++) {
      worlds.push(await createPairingWorld(a.app, { programme, mentorTz: 'UTC', menteeTz: 'UTC' }));
    }
    await ticker(a.app).tick(new Date('2026-03-01T12:00:00Z'));
    const now = new Date('2026-03-03T09:30:00Z');
    const [ra, rb] = await Promise.all([ticker(a.app).tick(now), ticker(b.app).tick(now)]);
    expect(ra.prompts.sent + rb.prompts.sent).toBe(50);
    const pairingIds = worlds.map((w) => w.pairing.id);
    const rows: { n: string }[] = await db.query(
      `SELECT count(*) AS n FROM deliveries WHERE kind = 'prompt' AND status = 'queued' AND pairing_id = ANY($1)`,
      [pairingIds],
    );
    expect(Number(rows[0].n)).toBe(50);
    const issued: { n: string }[] = await db.query(
      `SELECT count(*) AS n FROM pairing_prompts WHERE pairing_id = ANY($1)`,
      [pairingIds],
    );
    expect(Number(issued[0].n)).toBe(25);
  });

  it('stops a queued prompt when the person pauses after it was enqueued', async () => {
    await retireOthers();
    const world = await createPairingWorld(a.app);
    await ticker(a.app).tick(new Date('2026-03-01T12:00:00Z'));
    clock.set('2026-03-03T14:00:30Z');
    await ticker(a.app).tick(clock.now());
    const [queued] = await promptsTo(world.mentee.id);
    expect(queued.status).toBe('queued');
    await db.query(`UPDATE participants SET paused_until = $2 WHERE id = $1`, [
      world.mentee.id,
      new Date('2026-03-20T00:00:00Z'),
    ]);
    await a.app.get(OutboxService).send(queued.id);
    const after = await db.getRepository(Delivery).findOneByOrFail({ id: queued.id });
    expect(after.status).toBe('skipped');
    expect(after.reason).toBe('paused');
    // The partner, not paused, still gets theirs.
    const [mentorCopy] = await promptsTo(world.mentor.id);
    await a.app.get(OutboxService).send(mentorCopy.id);
    expect((await db.getRepository(Delivery).findOneByOrFail({ id: mentorCopy.id })).status).toBe('sent');
  });
});
