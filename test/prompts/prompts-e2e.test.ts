import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Message } from '../../src/conversations/entities/message.entity';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { CLOCK } from '../../src/prompts/clock';
import { PairingPrompt } from '../../src/prompts/entities/pairing-prompt.entity';
import { PollVote } from '../../src/prompts/entities/poll-vote.entity';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { FakeClock } from './fake-clock';

const bare = (id: string | undefined) => (id ?? '').replace(/[<>]/g, '');

// Real PostgreSQL, Redis and SMTP on a shared machine: allow more than Jest's 5 s default.
jest.setTimeout(60_000);

describe('prompts end to end: schedule, outbox, reply threading, polls, digest', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let db: DataSource;
  let tick: ScheduleTickService;
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start(
      { SCHEDULE_TICK_MS: '3600000', PUBLIC_URL: 'https://mentormail.example' },
      [[CLOCK, clock]],
    );
    db = running.app.get(DataSource);
    tick = running.app.get(ScheduleTickService);
    world = await createPairingWorld(running.app); // mentor Berlin, mentee New York
    await tick.tick(clock.now());
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const send = async (from: string, raw: string) => {
    const client = await SmtpTestClient.connect(running.app.get(SmtpListener).port!);
    try {
      return await client.send({ from, to: [world.pairing.relayAddress], raw });
    } finally {
      await client.quit();
    }
  };

  const mailTo = (address: string, match: (m: OutboxEmail) => boolean) =>
    waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === address && match(m)),
    );

  const settled = (messageId: string) =>
    waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ messageId });
      return row && row.status !== 'received' ? row : null;
    });

  it('sends week 1 at 09:00 local; the mentee’s reply threads under the prompt and reaches the mentor', async () => {
    // 09:00 in New York on Tuesday 3 March is 14:00Z; Berlin's 09:00 went at 08:00Z.
    await tick.tick(clock.set('2026-03-03T08:00:05Z'));
    await tick.tick(clock.set('2026-03-03T13:59:00Z'));
    expect(await db.getRepository(Delivery).countBy({ kind: 'prompt', recipientId: world.mentee.id })).toBe(
      0,
    );
    await tick.tick(clock.set('2026-03-03T14:00:05Z'));

    const prompt = await mailTo(world.mentee.email, (m) => /^Week 1:/.test(m.parsed.subject ?? ''));
    const headers = prompt.parsed.headers;
    expect(prompt.parsed.from?.value[0].address).toBe(world.pairing.relayAddress);
    expect(headers.get('auto-submitted')).toBe('auto-generated');
    expect(prompt.raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const unfolded = prompt.raw.replace(/\r?\n[ \t]+/g, ' ');
    expect(unfolded).toMatch(/List-Unsubscribe: <https:\/\/mentormail\.example\/u\/[^>]+>, <mailto:/);
    expect(prompt.parsed.text).toContain('Maria Mentor');
    const mentorPrompt = await mailTo(world.mentor.email, (m) => /^Week 1:/.test(m.parsed.subject ?? ''));

    const reply = buildEmail({
      from: world.mentee.email,
      to: world.pairing.relayAddress,
      subject: `Re: ${prompt.parsed.subject}`,
      inReplyTo: bare(prompt.parsed.messageId),
      references: [bare(prompt.parsed.messageId)],
      text: 'Two truths: I play the cello, I have been to Lagos. My wish: to build a satellite.',
    });
    await send(world.mentee.email, reply.raw);
    const relayed = await mailTo(world.mentor.email, (m) =>
      (m.parsed.text ?? '').includes('build a satellite'),
    );
    // Threaded for the mentor under their own copy of the prompt.
    expect(relayed.parsed.inReplyTo).toBe(mentorPrompt.parsed.messageId);

    const issued = await db
      .getRepository(PairingPrompt)
      .findOneByOrFail({ pairingId: world.pairing.id, week: 1, item: 0 });
    const stored = await db.getRepository(Message).findOneByOrFail({ authorId: world.mentee.id });
    expect(stored.threadId).toBe(issued.threadId);
    const promptMessage = await db.getRepository(Message).findOneByOrFail({ id: issued.messageRowId });
    expect(promptMessage).toMatchObject({ kind: 'prompt', authorId: null, threadId: issued.threadId });
  });

  it('runs email commands without relaying them, confirming with an auto-reply', async () => {
    const email = buildEmail({
      from: world.mentor.email,
      to: world.pairing.relayAddress,
      subject: 'cmd',
      text: '#help',
    });
    await send(world.mentor.email, email.raw);
    const row = await settled(email.messageId);
    expect(row).toMatchObject({ status: 'accepted', reason: 'command' });
    const confirmation = await mailTo(world.mentor.email, (m) => /How to use/.test(m.parsed.subject ?? ''));
    expect(confirmation.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(confirmation.parsed.text).toContain('#pause');
    // Nothing reached the mentee.
    // The mentee's welcome lists the commands; nothing relayed may carry this one.
    const toMentee = (await readOutbox(env.outboxDir)).filter(
      (m) => toAddress(m.parsed) === world.mentee.email && !/^Welcome to /.test(m.parsed.subject ?? ''),
    );
    expect(toMentee.some((m) => (m.parsed.text ?? '').includes('#help'))).toBe(false);

    // An auto-reply quoting a command is never a command.
    const robot = buildEmail({
      from: world.mentor.email,
      to: world.pairing.relayAddress,
      subject: 'Out of office',
      text: '#stop',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await send(world.mentor.email, robot.raw);
    expect((await settled(robot.messageId)).reason).not.toBe('command');
    const mentor = await db.query(`SELECT prompts_stopped_at FROM participants WHERE id = $1`, [
      world.mentor.id,
    ]);
    expect(mentor[0].prompts_stopped_at).toBeNull();
  });

  it('records a poll answered by reply and shows the result in the next digest', async () => {
    // Saturday 14 March: the week-2 mood poll (09:00 local). Everything before is long past.
    await tick.tick(clock.set('2026-03-14T13:00:30Z'));
    const poll = await mailTo(world.mentee.email, (m) => /^Quick poll:/.test(m.parsed.subject ?? ''));
    expect(poll.parsed.text).toMatch(/So-so/);

    const vote = buildEmail({
      from: world.mentee.email,
      to: world.pairing.relayAddress,
      subject: `Re: ${poll.parsed.subject}`,
      inReplyTo: bare(poll.parsed.messageId),
      text: '2',
    });
    clock.set('2026-03-14T15:00:00Z');
    await send(world.mentee.email, vote.raw);
    expect(await settled(vote.messageId)).toMatchObject({ status: 'accepted', reason: 'poll_vote' });
    const votes = await db.getRepository(PollVote).findBy({ participantId: world.mentee.id });
    expect(votes.map((v) => v.optionIndex)).toEqual([1]);

    // Friday 20 March, 16:00 in New York (20:00Z): the mentee's digest; Berlin's went at 15:00Z.
    await tick.tick(clock.set('2026-03-20T20:00:30Z'));
    const digest = await mailTo(world.mentee.email, (m) => /recap/.test(m.parsed.subject ?? ''));
    expect(digest.parsed.text).toMatch(/How was your week\?/);
    // Their own answer only: in a 1:1 pairing any count would tell the partner's vote.
    expect(digest.parsed.text).toMatch(/Your answer: 😐 So-so/);
    expect(digest.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const row = await db
      .getRepository(Delivery)
      .findOneByOrFail({ kind: 'digest', recipientId: world.mentee.id });
    expect(row.dedupeKey).toBe(`digest:${world.mentee.id}:2026-W12`);
  });
});
