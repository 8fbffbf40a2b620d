import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { CLOCK } from '../../src/prompts/clock';
import { Schedule } from '../../src/prompts/entities/schedule.entity';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { buildEmail } from '../factories/emails';
import type { PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { FakeClock } from './fake-clock';
import { pairingAt as placeAt } from './pairing-at';

const bare = (id: string | undefined) => (id ?? '').replace(/[<>]/g, '');

jest.setTimeout(60_000);

/**
 * Mentor-first steps: the mentee is never asked to react to an answer that does not exist yet.
 * The mentor in Berlin gets the step at 09:00 (08:00Z); the mentee in New York would get it at
 * 09:00 there (14:00Z), but it waits for the mentor's answer, at most two days.
 */
describe('mentor-first steps', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let tick: ScheduleTickService;
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    tick = running.app.get(ScheduleTickService);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  /** A fresh pairing whose next prompt is week `week`, item `item`, in the week of Tuesday 3 March. */
  const pairingAt = (week: number, item: number, day = '2026-03-03') =>
    placeAt(running.app, clock, { week, item, day });

  const mailTo = (address: string, match: (m: OutboxEmail) => boolean) =>
    waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === address && match(m)),
    );
  /** The step's prompt itself, not a relayed reply in its thread. */
  const isPrompt = (week: number) => (m: OutboxEmail) =>
    (m.parsed.subject ?? '').startsWith(`Week ${week}:`) && (m.parsed.text ?? '').includes('Your ask:');
  const promptsTo = async (id: string) =>
    db.getRepository(Delivery).countBy({ kind: 'prompt', recipientId: id });
  const menteeRow = (world: PairingWorld) =>
    db.getRepository(Schedule).findOneByOrFail({ participantId: world.mentee.id, stream: 'prompt' });

  const reply = async (world: PairingWorld, to: OutboxEmail, text: string) => {
    const email = buildEmail({
      from: world.mentor.email,
      to: world.pairing.relayAddress,
      subject: `Re: ${to.parsed.subject}`,
      inReplyTo: bare(to.parsed.messageId),
      references: [bare(to.parsed.messageId)],
      text,
    });
    await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, {
      from: world.mentor.email,
      to: [world.pairing.relayAddress],
      raw: email.raw,
    });
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ messageId: email.messageId });
      return row && row.status !== 'received' ? row : null;
    });
  };

  it('holds the mentee’s timeline prompt until the mentor answers, then quotes the answer', async () => {
    const world = await pairingAt(6, 0); // squiggly-career-timeline, mentor-first
    await tick.tick(clock.set('2026-03-03T08:00:05Z'));
    const mentorPrompt = await mailTo(world.mentor.email, isPrompt(6));
    expect(mentorPrompt.parsed.text).toContain('Tell the story of your path');

    // The mentee's hour comes: nothing to react to yet, so nothing goes out.
    await tick.tick(clock.set('2026-03-03T14:00:05Z'));
    expect(await promptsTo(world.mentee.id)).toBe(0);
    expect(await menteeRow(world)).toMatchObject({
      week: 6,
      item: 0,
      waitingForMentor: true,
      nextRunAt: new Date('2026-03-05T14:00:00Z'),
    });

    clock.set('2026-03-03T15:00:00Z');
    const settled = await reply(
      world,
      mentorPrompt,
      'Shop job at 16.\nNursing, quit.\nCall centre.\nEvening course in IT.\nNetwork engineer.',
    );
    expect(settled.status).toBe('accepted');
    // Relayed as usual, and the held row is due now.
    await mailTo(world.mentee.email, (m) => (m.parsed.text ?? '').includes('Evening course in IT'));
    expect((await menteeRow(world)).nextRunAt).toEqual(new Date('2026-03-03T15:00:00Z'));

    await tick.tick(clock.set('2026-03-03T15:00:30Z'));
    const menteePrompt = await mailTo(world.mentee.email, isPrompt(6));
    const text = menteePrompt.parsed.text ?? '';
    expect(text).toMatch(/answered:/);
    expect(text).toContain('Evening course in IT');
    // The ask points up to the answer: it must come first.
    expect(text.indexOf('answered:')).toBeLessThan(text.indexOf('Read your mentor’s timeline (above)'));
    expect(text.indexOf('answered:')).toBeGreaterThan(-1);
    expect(text).not.toContain('has not answered');
    // The mentee's cursor moved on to the next item at its own time.
    expect(await menteeRow(world)).toMatchObject({ week: 6, item: 1, waitingForMentor: false });
  });

  it('after the wait, sends the mentee’s part anyway and says plainly that the mentor has not answered', async () => {
    const world = await pairingAt(5, 0); // movie-club-pick, mentor-first, two days
    await tick.tick(clock.set('2026-03-03T08:00:05Z'));
    await mailTo(world.mentor.email, isPrompt(5));
    await tick.tick(clock.set('2026-03-03T14:00:05Z'));
    await tick.tick(clock.set('2026-03-05T13:59:00Z'));
    expect(await promptsTo(world.mentee.id)).toBe(0);

    await tick.tick(clock.set('2026-03-05T14:00:05Z'));
    const menteePrompt = await mailTo(world.mentee.email, isPrompt(5));
    const text = menteePrompt.parsed.text ?? '';
    expect(text).toContain('has not answered their part yet');
    expect(text).toContain('Your mentor has not chosen yet, so the pick is yours');
    expect(text).not.toContain('Your mentor’s choice is above');
    expect(await menteeRow(world)).toMatchObject({ week: 5, item: 1, waitingForMentor: false });
  });

  it('never holds the mentor, nor a step that is not mentor-first', async () => {
    const world = await pairingAt(6, 1, '2026-03-06'); // best-mistake-swap, both at once (day 3)
    await tick.tick(clock.set('2026-03-06T14:00:05Z'));
    await mailTo(world.mentee.email, isPrompt(6));
    await mailTo(world.mentor.email, isPrompt(6));
  });
});
