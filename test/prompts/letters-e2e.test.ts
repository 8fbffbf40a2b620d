import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { DigestRepository } from '../../src/digests/digest.repository';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { CLOCK } from '../../src/prompts/clock';
import { Letter } from '../../src/prompts/entities/letter.entity';
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

describe('a letter to your future self: kept, never relayed, returned to its author in week 12', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let db: DataSource;
  let tick: ScheduleTickService;
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));
  const LETTER = 'Dear future me, I hope you applied for the robotics course, even if it felt scary.';

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    tick = running.app.get(ScheduleTickService);
    world = await createPairingWorld(running.app); // mentor Berlin, mentee New York; Tuesdays 09:00
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

  const mentionsLetter = (m: OutboxEmail) => (m.parsed.text ?? '').includes('robotics course');

  /** Every delivery for the recipient has left the outbox (sent, skipped or failed). */
  const drained = (recipientId: string) =>
    waitFor(async () => {
      const rows: { n: string }[] = await db.query(
        `SELECT count(*) AS n FROM deliveries WHERE recipient_id = $1 AND status IN ('queued', 'sending')`,
        [recipientId],
      );
      return Number(rows[0].n) === 0;
    });

  it('keeps the mentee’s reply to the letter prompt and relays nothing to the mentor', async () => {
    // Saturday 21 March, 09:00 in New York (13:00Z): week 3's letter prompt, day 4.
    await tick.tick(clock.set('2026-03-21T13:00:30Z'));
    const prompt = await mailTo(world.mentee.email, (m) => /future self/i.test(m.parsed.subject ?? ''));
    expect(prompt.parsed.text).toMatch(/keeps it and sends it back to you/);

    const reply = buildEmail({
      from: world.mentee.email,
      to: world.pairing.relayAddress,
      subject: `Re: ${prompt.parsed.subject}`,
      inReplyTo: bare(prompt.parsed.messageId),
      references: [bare(prompt.parsed.messageId)],
      text: LETTER,
    });
    clock.set('2026-03-21T15:00:00Z');
    await send(world.mentee.email, reply.raw);
    expect(await settled(reply.messageId)).toMatchObject({ status: 'accepted', reason: 'letter_kept' });

    const letters = await db.getRepository(Letter).findBy({ pairingId: world.pairing.id });
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ participantId: world.mentee.id, text: LETTER });
    expect(letters[0].writtenAt.toISOString()).toBe('2026-03-21T15:00:00.000Z');
    // No relay was even queued for the mentor.
    expect(await db.getRepository(Delivery).countBy({ kind: 'relay', pairingId: world.pairing.id })).toBe(0);
    await drained(world.mentor.id);
    const toMentor = (await readOutbox(env.outboxDir)).filter(
      (m) => toAddress(m.parsed) === world.mentor.email,
    );
    expect(toMentor.some(mentionsLetter)).toBe(false);
  });

  it('counts the letter as the mentee answering that week in both digests', async () => {
    const digests = running.app.get(DigestRepository);
    const letterWeek = async (participantId: string) => {
      const data = await digests.load(participantId, world.pairing.id);
      return data?.prompts.find((p) => /future self/i.test(p.title));
    };
    expect(await letterWeek(world.mentee.id)).toMatchObject({ you: true, partner: false });
    expect(await letterWeek(world.mentor.id)).toMatchObject({ you: false, partner: true });
  });

  it('returns the letter to the mentee alone in week 12, once', async () => {
    // Tuesday 19 May, week 12 day 0: 09:00 in New York is 13:00Z (Berlin's went at 07:00Z).
    await tick.tick(clock.set('2026-05-19T13:00:30Z'));
    const returned = await mailTo(world.mentee.email, mentionsLetter);
    expect(returned.parsed.subject).toMatch(/letter/i);
    expect(returned.parsed.text).toContain(LETTER);
    expect(returned.parsed.text).toMatch(/week 3/);
    expect(returned.parsed.from?.value[0].address).toBe(world.pairing.relayAddress);

    const [letter] = await db.getRepository(Letter).findBy({ pairingId: world.pairing.id });
    const rows = await db.getRepository(Delivery).findBy({ dedupeKey: `letter:${letter.id}` });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ recipientId: world.mentee.id, toAddress: world.mentee.email });

    // The week's later item does not send it again; the mentor never sees it.
    await tick.tick(clock.set('2026-05-21T13:00:30Z'));
    await drained(world.mentee.id);
    await drained(world.mentor.id);
    const outbox = await readOutbox(env.outboxDir);
    expect(
      outbox.filter((m) => toAddress(m.parsed) === world.mentee.email && mentionsLetter(m)),
    ).toHaveLength(1);
    expect(outbox.filter((m) => toAddress(m.parsed) === world.mentor.email).some(mentionsLetter)).toBe(false);
    // The mentor wrote no letter, so nothing was queued for them.
    const mentorLetters: { n: string }[] = await db.query(
      `SELECT count(*) AS n FROM deliveries WHERE recipient_id = $1 AND dedupe_key LIKE 'letter:%'`,
      [world.mentor.id],
    );
    expect(Number(mentorLetters[0].n)).toBe(0);
  });
});
