import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { CLOCK } from '../../src/prompts/clock';
import { PairingPrompt } from '../../src/prompts/entities/pairing-prompt.entity';
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
const flat = (m: OutboxEmail) => (m.parsed.text ?? '').replace(/\s+/g, ' ');

jest.setTimeout(90_000);

/** #skip and #swap change the sender's prompts only, and their confirmations say exactly that. */
describe('#skip and #swap', () => {
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

  const pairingAt = (week: number, item: number, day: string) =>
    placeAt(running.app, clock, { week, item, day });
  const cursorOf = (id: string) =>
    db.getRepository(Schedule).findOneByOrFail({ participantId: id, stream: 'prompt' });

  const mailTo = (address: string, match: (m: OutboxEmail) => boolean) =>
    waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === address && match(m)),
    );
  const promptOf = (week: number, title: string) => (m: OutboxEmail) =>
    m.parsed.subject === `Week ${week}: ${title}` && (m.parsed.text ?? '').includes('Your ask:');
  const confirmation = (command: string) => (m: OutboxEmail) => m.parsed.subject === `Done: ${command}`;

  /** Sends `text` from `from`, in reply to `to` when given, and waits until it is processed. */
  const send = async (world: PairingWorld, from: string, text: string, to?: OutboxEmail) => {
    const email = buildEmail({
      from,
      to: world.pairing.relayAddress,
      subject: to ? `Re: ${to.parsed.subject}` : 'command',
      inReplyTo: to ? bare(to.parsed.messageId) : undefined,
      references: to ? [bare(to.parsed.messageId)] : undefined,
      text,
    });
    await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, {
      from,
      to: [world.pairing.relayAddress],
      raw: email.raw,
    });
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ messageId: email.messageId });
      return row && row.status !== 'received' ? row : null;
    });
  };

  it('#skip moves only the sender’s step and says so, with the next prompt’s title and time', async () => {
    const world = await pairingAt(6, 1, '2026-03-06'); // best-mistake-swap, day 3
    clock.set('2026-03-05T12:00:00Z');
    expect(await send(world, world.mentee.email, '#skip')).toMatchObject({ reason: 'command' });
    const done = flat(await mailTo(world.mentee.email, confirmation('skip')));
    expect(done).toContain('we\'ve skipped "Best mistake swap" for you only: Maria Mentor still gets it.');
    expect(done).toContain(
      'Your next prompt, "A virtual museum visit", arrives Tuesday, March 10 at 09:00 AM.',
    );
    expect(done).not.toContain('both of you');

    expect(await cursorOf(world.mentee.id)).toMatchObject({ week: 7, item: 0 });
    expect(await cursorOf(world.mentor.id)).toMatchObject({ week: 6, item: 1 });
    await tick.tick(clock.set('2026-03-06T08:00:05Z'));
    await mailTo(world.mentor.email, promptOf(6, 'Best mistake swap'));
    await tick.tick(clock.set('2026-03-06T14:00:05Z'));
    const menteePrompts = await db
      .getRepository(Delivery)
      .findBy({ kind: 'prompt', recipientId: world.mentee.id });
    expect(menteePrompts.filter((d) => d.status !== 'skipped' && d.payload?.type === 'prompt')).toEqual([]);
  });

  it('#skip on the last prompt says it was the last; then there is nothing left to skip', async () => {
    const world = await pairingAt(12, 2, '2026-03-07'); // close-survey, the curriculum's last item
    clock.set('2026-03-05T12:00:00Z');
    await send(world, world.mentor.email, '#skip');
    const done = flat(await mailTo(world.mentor.email, confirmation('skip')));
    expect(done).toContain('skipped "One last question" for you only: Tom Mentee still gets it.');
    expect(done).toContain('That was your last prompt: no more will come.');
    expect((await cursorOf(world.mentor.id)).nextRunAt).toBeNull();

    await send(world, world.mentor.email, '#skip');
    const again = await waitFor(async () => {
      const all = (await readOutbox(env.outboxDir)).filter(
        (m) => toAddress(m.parsed) === world.mentor.email && confirmation('skip')(m),
      );
      return all.length === 2 ? all : null;
    });
    const texts = again.map(flat);
    expect(texts.some((t) => t.includes('you have no prompt coming, so there was nothing to skip.'))).toBe(
      true,
    );
  });

  it('#swap in reply to a prompt sends the sender an alternative now; the partner keeps the original', async () => {
    const world = await pairingAt(6, 1, '2026-03-06');
    await tick.tick(clock.set('2026-03-06T08:00:05Z'));
    const original = await mailTo(world.mentor.email, promptOf(6, 'Best mistake swap'));
    clock.set('2026-03-06T09:00:00Z');
    await send(world, world.mentor.email, '#swap', original);

    const done = flat(await mailTo(world.mentor.email, confirmation('swap')));
    expect(done).toContain(
      'instead of "Best mistake swap" you get "Head, heart, hands, feet": it comes in a separate email now. Only your prompt changed: Tom Mentee keeps "Best mistake swap".',
    );
    const swapped = await mailTo(world.mentor.email, promptOf(6, 'Head, heart, hands, feet'));
    expect(swapped.parsed.text).toContain('Write one line each');
    const row = await db
      .getRepository(PairingPrompt)
      .findOneByOrFail({ pairingId: world.pairing.id, swappedFor: world.mentor.id });
    expect(row).toMatchObject({ week: 6, item: 1, promptKey: 'head-heart-hands-feet' });

    // The mentee's copy is the original, at their own hour; nothing swapped reaches them.
    await tick.tick(clock.set('2026-03-06T14:00:05Z'));
    await mailTo(world.mentee.email, promptOf(6, 'Best mistake swap'));
    const toMentee = (await readOutbox(env.outboxDir)).filter(
      (m) => toAddress(m.parsed) === world.mentee.email,
    );
    expect(toMentee.some((m) => (m.parsed.subject ?? '').includes('Head, heart'))).toBe(false);

    // Asking twice for the same prompt swaps nothing more, and says so.
    await send(world, world.mentor.email, '#swap', original);
    await waitFor(async () => {
      const all = (await readOutbox(env.outboxDir)).filter(
        (m) => toAddress(m.parsed) === world.mentor.email && confirmation('swap')(m),
      );
      return all.some((m) =>
        flat(m).includes('you already swapped "Best mistake swap" for "Head, heart, hands, feet"'),
      );
    });
  });

  it('#swap on its own swaps the sender’s next prompt, which the tick then sends in its place', async () => {
    const world = await pairingAt(7, 0, '2026-03-10'); // virtual-museum-tour
    clock.set('2026-03-08T12:00:00Z');
    await send(world, world.mentee.email, '#swap');
    const done = flat(await mailTo(world.mentee.email, confirmation('swap')));
    expect(done).toMatch(
      /your next prompt will be "Head, heart, hands, feet" instead of "A virtual museum visit", arriving [^.]+\. Only your prompt changes: Maria Mentor keeps "A virtual museum visit"\./,
    );
    expect(await cursorOf(world.mentee.id)).toMatchObject({
      week: 7,
      item: 0,
      swapKey: 'head-heart-hands-feet',
    });

    await tick.tick(clock.set('2026-03-10T08:00:05Z'));
    await mailTo(world.mentor.email, promptOf(7, 'A virtual museum visit'));
    await tick.tick(clock.set('2026-03-10T14:00:05Z')); // the row's stored time
    await mailTo(world.mentee.email, promptOf(7, 'Head, heart, hands, feet'));
    expect(await cursorOf(world.mentee.id)).toMatchObject({ week: 7, item: 1, swapKey: null });
    const toMentee = (await readOutbox(env.outboxDir)).filter(
      (m) => toAddress(m.parsed) === world.mentee.email,
    );
    expect(toMentee.some((m) => promptOf(7, 'A virtual museum visit')(m))).toBe(false);
  });
});
