import { DataSource, In } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import type { NoticePayload } from '../../src/notices/notice.composer';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { Schedule } from '../../src/prompts/entities/schedule.entity';
import { CLOCK } from '../../src/prompts/clock';
import { curriculumFor } from '../../src/prompts/curricula';
import { formatLocal } from '../../src/prompts/schedule/local-time';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { RenderingService } from '../../src/rendering/rendering.service';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';
import { FakeClock } from './fake-clock';

// A whole curriculum of ticks on real PostgreSQL: more than Jest's 5 s default.
jest.setTimeout(120_000);

/**
 * A pairing walked through its whole curriculum with the fake clock (no worker, so deliveries
 * stay queued and the test reads what each tick wrote): "two weeks left" goes with the first item
 * of the week the curriculum names, the closing email with the last item, once per member.
 */
describe('the end of a curriculum', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let world: PairingWorld;
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));

  /** Which tick (its time) first wrote each delivery, by dedupe key. */
  const firstSeen = new Map<string, Date>();

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api', SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    world = await createPairingWorld(running.app);
    const ticker = running.app.get(ScheduleTickService);
    await ticker.tick(clock.now());
    const members = [world.mentor.id, world.mentee.id];
    // Tick at each planned send time until both members' curricula are done.
    for (let guard = 0; guard < 200; guard++) {
      const rows = await db.getRepository(Schedule).findBy({ participantId: In(members), stream: 'prompt' });
      const due = rows.map((r) => r.nextRunAt).filter((d): d is Date => d !== null);
      if (due.length === 0) break;
      const at = new Date(Math.min(...due.map((d) => d.getTime())));
      await ticker.tick(clock.set(at.toISOString()));
      for (const d of await db.getRepository(Delivery).findBy({ pairingId: world.pairing.id }))
        if (!firstSeen.has(d.dedupeKey)) firstSeen.set(d.dedupeKey, at);
    }
  });

  afterAll(async () => {
    await env.destroy();
  });

  const curriculum = curriculumFor('default-12-week');
  const warnWeek = curriculum.steps.find((s) => s.notices?.includes('two-weeks-left'))!.week;
  const closingStep = curriculum.steps.find((s) => s.notices?.includes('closing'))!;
  const lastItem = `${closingStep.week}.${closingStep.items.length - 1}`;
  const endings = () => db.getRepository(Delivery).findBy({ pairingId: world.pairing.id, kind: 'notice' });

  it('sends each member "two weeks left" once, with the first prompt of its week', async () => {
    expect(curriculum.weeks - warnWeek + 1).toBe(2);
    for (const [member, zone] of [
      [world.mentor, 'Europe/Berlin'],
      [world.mentee, 'America/New_York'],
    ] as const) {
      const key = `ending:${world.pairing.id}:two-weeks-left:${member.id}`;
      const mine = (await endings()).filter((d) => d.dedupeKey === key);
      expect(mine).toHaveLength(1);
      expect(mine[0].toAddress).toBe(member.email);
      expect(firstSeen.get(key)).toEqual(
        firstSeen.get(`prompt:${world.pairing.id}:${warnWeek}.0:${member.id}`),
      );

      // What it says holds: the week, the partner, and the date the last prompt was really sent.
      const payload = mine[0].payload as unknown as NoticePayload;
      const rendered = running.app.get(RenderingService).renderInput(payload.input);
      const lastSent = firstSeen.get(`prompt:${world.pairing.id}:${lastItem}:${member.id}`)!;
      expect(rendered.subject).toBe(
        `Two weeks left with ${member === world.mentor ? world.mentee.name : world.mentor.name}`,
      );
      expect(rendered.text).toContain(`you are in week ${warnWeek} of ${curriculum.weeks}`);
      expect(rendered.text).toContain(`Your last prompt is planned for ${formatLocal(lastSent, zone, 'en')}`);
    }
  });

  it('sends each member the closing email once, with their last prompt, and nothing after it', async () => {
    for (const member of [world.mentor, world.mentee]) {
      const key = `ending:${world.pairing.id}:closing:${member.id}`;
      const mine = (await endings()).filter((d) => d.dedupeKey === key);
      expect(mine).toHaveLength(1);
      const lastPrompt = `prompt:${world.pairing.id}:${lastItem}:${member.id}`;
      expect(firstSeen.get(key)).toEqual(firstSeen.get(lastPrompt));
      const later = [...firstSeen.entries()].filter(
        ([k, at]) => k.includes(member.id) && k.startsWith('prompt:') && at > firstSeen.get(key)!,
      );
      expect(later).toEqual([]);
      const rendered = running.app
        .get(RenderingService)
        .renderInput((mine[0].payload as unknown as NoticePayload).input);
      expect(rendered.text).toContain('No more prompts will come');
    }
    // Exactly these four ending emails, and every one waits to be sent.
    const all = await endings();
    expect(all).toHaveLength(4);
    expect(new Set(all.map((d) => d.status))).toEqual(new Set(['queued']));
  });
});
