import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { CLOCK } from '../../src/prompts/clock';
import type { PairingPrompt } from '../../src/prompts/entities/pairing-prompt.entity';
import { PollVote } from '../../src/prompts/entities/poll-vote.entity';
import { StaffClient } from '../admin/staff-client';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { FakeClock } from './fake-clock';
import { issuePoll } from './poll-world';

const bare = (id: string | undefined) => (id ?? '').replace(/[<>]/g, '');

// Real PostgreSQL, Redis and SMTP on a shared machine: allow more than Jest's 5 s default.
jest.setTimeout(60_000);

/**
 * The halfway poll promises "only your programme staff see your individual answer": a reply to
 * it is counted (with its comment, for staff) or answered with a notice, and never relayed.
 */
describe('replies to a poll', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let db: DataSource;
  let issued: PairingPrompt;
  let polls: { mentor: OutboxEmail; mentee: OutboxEmail };
  const clock = new FakeClock(new Date('2026-03-10T12:00:00Z'));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000', POLL_OPEN_DAYS: '7' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    world = await createPairingWorld(running.app);
    ({ issued, ...polls } = await issuePoll(running.app, env.outboxDir, world, {
      promptKey: 'midpoint-pulse',
      week: 6,
      now: clock.now(),
    }));
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const replyTo = (poll: OutboxEmail, from: string, text: string) =>
    buildEmail({
      from,
      to: world.pairing.relayAddress,
      subject: `Re: ${poll.parsed.subject}`,
      inReplyTo: bare(poll.parsed.messageId),
      references: [bare(poll.parsed.messageId)],
      text,
    });

  const send = (from: string, raw: string) =>
    SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, {
      from,
      to: [world.pairing.relayAddress],
      raw,
    });

  const settled = (messageId: string) =>
    waitFor(async () => {
      const rows = await db.getRepository(InboundEmail).findBy({ messageId });
      return rows.length > 0 && rows.every((r) => r.status !== 'received') ? rows : null;
    });

  /** Every delivery of the pairing that carries a member's words to the other: there must be none. */
  const relayedCopies = () =>
    db.getRepository(Delivery).countBy({ pairingId: world.pairing.id, kind: 'relay' });

  const vote = (participantId: string) =>
    db.getRepository(PollVote).findOneBy({ pairingPromptId: issued.id, participantId });

  it('counts "2" with a comment below as the vote, keeps the comment for staff, relays nothing', async () => {
    const reply = replyTo(polls.mentee, world.mentee.email, '2\nIt was hard to find time this month.');
    await send(world.mentee.email, reply.raw);
    const [row] = await settled(reply.messageId);
    expect(row).toMatchObject({ status: 'accepted', reason: 'poll_vote' });
    expect(await vote(world.mentee.id)).toMatchObject({
      optionIndex: 1,
      comment: 'It was hard to find time this month.',
    });
    expect(await relayedCopies()).toBe(0);
  });

  it('counts the option text with a comment on the same line ("Stuck - ...")', async () => {
    const reply = replyTo(polls.mentor, world.mentor.email, 'Stuck - we met twice, both times short.');
    await send(world.mentor.email, reply.raw);
    const [row] = await settled(reply.messageId);
    expect(row).toMatchObject({ status: 'accepted', reason: 'poll_vote' });
    expect(await vote(world.mentor.id)).toMatchObject({
      optionIndex: 2,
      comment: 'we met twice, both times short.',
    });
    expect(await relayedCopies()).toBe(0);
  });

  it('shows staff each vote with its comment on the pairing page', async () => {
    const staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'polls-staff@example.org');
    const page = await (await staff.get(`/admin/pairings/${world.pairing.id}`)).text();
    expect(page).toContain('Halfway check-in');
    expect(page).toMatch(/Tom Mentee<\/strong>: Needs a tweak[\s\S]*?It was hard to find time this month\./);
    expect(page).toMatch(/Maria Mentor<\/strong>: Stuck[\s\S]*?we met twice, both times short\./);
  });

  it('answers a reply without a vote with a notice, relays nothing and counts nothing', async () => {
    const before = await vote(world.mentee.id);
    const reply = replyTo(polls.mentee, world.mentee.email, 'Thanks for checking in! Maria has been great.');
    await send(world.mentee.email, reply.raw);
    const [row] = await settled(reply.messageId);
    expect(row).toMatchObject({ status: 'rejected', reason: 'poll_not_counted' });
    expect(await vote(world.mentee.id)).toEqual(before);
    expect(await relayedCopies()).toBe(0);

    const notice = await waitFor(async () =>
      (await readOutbox(env.outboxDir)).find(
        (m) => toAddress(m.parsed) === world.mentee.email && /^Not counted:/.test(m.parsed.subject ?? ''),
      ),
    );
    const text = notice.parsed.text ?? '';
    expect(text).toContain('did not name one of its options, so nothing was counted');
    expect(text).toContain('It was not passed on to Maria Mentor');
    expect(text).toMatch(/1\. On track[\s\S]*2\. Needs a tweak[\s\S]*3\. Stuck/);
    // While the poll is open its options are one-tap links here too.
    expect(String(notice.parsed.html).match(/href="http:\/\/localhost:3000\/v\/[^"]+"/g)).toHaveLength(3);
    expect(notice.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    // Nothing the mentee wrote reached the mentor, in any email.
    const toMentor = (await readOutbox(env.outboxDir)).filter(
      (m) => toAddress(m.parsed) === world.mentor.email,
    );
    expect(
      toMentor.some((m) => m.raw.includes('Maria has been great') || m.raw.includes('hard to find time')),
    ).toBe(false);
  });

  it('counts the same reply delivered twice once: the later vote stays', async () => {
    const first = replyTo(polls.mentee, world.mentee.email, '3');
    const second = replyTo(polls.mentee, world.mentee.email, '1');
    await send(world.mentee.email, first.raw);
    await settled(first.messageId);
    await send(world.mentee.email, second.raw);
    await settled(second.messageId);
    expect(await vote(world.mentee.id)).toMatchObject({ optionIndex: 0, comment: null });

    const [original] = await settled(first.messageId);
    await send(world.mentee.email, first.raw);
    const copy = await waitFor(() => db.getRepository(InboundEmail).findOneBy({ duplicateOf: original.id }));
    expect(copy).toMatchObject({ status: 'ignored', reason: 'duplicate' });
    expect(await vote(world.mentee.id)).toMatchObject({ optionIndex: 0 });
    expect(await db.getRepository(PollVote).countBy({ pairingPromptId: issued.id })).toBe(2);
  });

  it('relays none of the poll replies that arrive in one batch with ordinary messages', async () => {
    const pollReplies = [
      replyTo(polls.mentee, world.mentee.email, '2\nbatch-secret-1'),
      replyTo(polls.mentor, world.mentor.email, 'Stuck: batch-secret-2'),
      replyTo(polls.mentee, world.mentee.email, 'No idea, batch-secret-3'),
    ];
    const ordinary = [1, 2, 3].map((n) =>
      buildEmail({
        from: n % 2 ? world.mentee.email : world.mentor.email,
        to: world.pairing.relayAddress,
        subject: `Catch-up ${n}`,
        text: `An ordinary message number ${n}.`,
      }),
    );
    const all = [
      ...pollReplies.map((e, i) => ({ e, from: i === 1 ? world.mentor.email : world.mentee.email })),
      ...ordinary.map((e, i) => ({ e, from: i % 2 === 0 ? world.mentee.email : world.mentor.email })),
    ];
    const relayedBefore = await relayedCopies();
    await Promise.all(all.map(({ e, from }) => send(from, e.raw)));
    const rows = (await Promise.all(all.map(({ e }) => settled(e.messageId)))).map(([row]) => row.reason);
    expect(rows).toEqual(['poll_vote', 'poll_vote', 'poll_not_counted', 'relayed', 'relayed', 'relayed']);
    expect((await relayedCopies()) - relayedBefore).toBe(ordinary.length);
    const relayedTexts = await db.query(
      `SELECT m.new_text FROM messages m WHERE m.pairing_id = $1 AND m.kind = 'relay'`,
      [world.pairing.id],
    );
    expect(relayedTexts.some((m: { new_text: string }) => m.new_text.includes('batch-secret'))).toBe(false);
  });

  it('after the poll closed: not counted, not relayed, and the voter is told it closed', async () => {
    clock.set('2026-03-17T12:00:01Z');
    const before = await vote(world.mentor.id);
    const relayedBefore = await relayedCopies();
    const reply = replyTo(polls.mentor, world.mentor.email, '1\nActually it got better.');
    await send(world.mentor.email, reply.raw);
    const [row] = await settled(reply.messageId);
    expect(row).toMatchObject({
      status: 'rejected',
      reason: 'poll_not_counted',
      detail: 'the poll had closed',
    });
    expect(await vote(world.mentor.id)).toEqual(before);
    expect(await relayedCopies()).toBe(relayedBefore);
    const notice = await waitFor(async () =>
      (await readOutbox(env.outboxDir)).find(
        (m) => toAddress(m.parsed) === world.mentor.email && /^Not counted:/.test(m.parsed.subject ?? ''),
      ),
    );
    expect(notice.parsed.text).toMatch(/the poll "Halfway check-in" closed on .*March 17/);
    expect(notice.parsed.text).toContain('It was not passed on to Tom Mentee');
  });
});
