import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Transactor } from '../../src/database/transactor';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { OutboxService } from '../../src/outbound/outbox.service';
import { LettersRepository } from '../../src/prompts/letters/letters.repository';
import { localDateOf } from '../../src/prompts/schedule/local-time';
import { PromptIssuer } from '../../src/prompts/schedule/prompt-issuer';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

// Real PostgreSQL, Redis and SMTP on a shared machine: allow more than Jest's 5 s default.
jest.setTimeout(90_000);

const bare = (id: string | undefined) => (id ?? '').replace(/[<>]/g, '');

describe('notices stay notices: a reply to one is a command or a new message', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let world: PairingWorld;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' });
    db = running.app.get(DataSource);
    world = await createPairingWorld(running.app);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  /** The mentee writes by real SMTP, as a reply to `to` when given (its quote included). */
  async function write(text: string, to?: OutboxEmail): Promise<InboundEmail> {
    const parent = to ? bare(to.parsed.messageId) : undefined;
    const quote = to
      ? `\n\nOn Monday, ${world.programme.name} wrote:\n> ${(to.parsed.text ?? '').split('\n').join('\n> ')}`
      : '';
    const { raw, messageId } = buildEmail({
      from: world.mentee.email,
      to: world.pairing.relayAddress,
      subject: to ? `Re: ${to.parsed.subject}` : 'Hello',
      inReplyTo: parent,
      references: parent ? [parent] : undefined,
      text: `${text}${quote}`,
    });
    const port = running.app.get(SmtpListener).port!;
    await SmtpTestClient.sendOnce(port, { from: world.mentee.email, to: [world.pairing.relayAddress], raw });
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ messageId });
      return row && row.status !== 'received' ? row : null;
    });
  }

  const mailTo = (address: string, match: (m: OutboxEmail) => boolean) =>
    waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === address && match(m)),
    );

  const threadSubjects = async () =>
    (
      (await db.query(`SELECT subject FROM threads WHERE pairing_id = $1 ORDER BY created_at`, [
        world.pairing.id,
      ])) as { subject: string }[]
    ).map((t) => t.subject);

  it('a reply to a confirmation reaches the partner as a new message, never as "Done: resume"', async () => {
    await write('#resume');
    const confirmation = await mailTo(world.mentee.email, (m) => m.parsed.subject === 'Done: resume');

    const reply = await write('Thanks! By the way, I got the internship.', confirmation);
    expect(reply.status).toBe('accepted');
    const relayed = await mailTo(world.mentor.email, (m) =>
      (m.parsed.text ?? '').includes('I got the internship'),
    );
    expect(relayed.parsed.subject).toBe(`A message from ${world.mentee.name}`);
    expect(relayed.raw).not.toMatch(/Done: resume/i);
    // The mentor never saw the confirmation: the copy cites nothing of it.
    expect(relayed.raw).not.toContain(bare(confirmation.parsed.messageId));
    expect(await threadSubjects()).toEqual([`A message from ${world.mentee.name}`]);
  });

  it('a command in a reply to a confirmation is handled as a command, and nothing is relayed', async () => {
    const confirmation = await mailTo(world.mentee.email, (m) => m.parsed.subject === 'Done: resume');
    const before = (await readOutbox(env.outboxDir)).filter(
      (m) => toAddress(m.parsed) === world.mentor.email,
    );
    const paused = await write('#pause 2 weeks', confirmation);
    expect([paused.status, paused.reason]).toEqual(['accepted', 'command']);
    await mailTo(world.mentee.email, (m) => m.parsed.subject === 'Done: pause');
    const after = (await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === world.mentor.email);
    expect(after.length).toBe(before.length);
  });

  it('a reply to a notice (nothing to deliver) is a new message too, not a thread of the notice', async () => {
    const empty = await write('');
    expect(empty.status).not.toBe('accepted');
    const notice = await mailTo(
      world.mentee.email,
      (m) => !/^Done: /.test(m.parsed.subject ?? '') && /^auto\./.test(bare(m.parsed.messageId)),
    );
    await write('Sorry, here is what I meant to send: the CV draft is ready.', notice);
    const relayed = await mailTo(world.mentor.email, (m) =>
      (m.parsed.text ?? '').includes('the CV draft is ready'),
    );
    expect(relayed.parsed.subject).toBe(`A message from ${world.mentee.name}`);
    expect(await threadSubjects()).not.toContain(notice.parsed.subject);
  });

  it('a reply to a returned letter is shared with the partner as a new message, not "A letter from you"', async () => {
    await write('#resume'); // the second test paused the mentee, and a paused member gets no letter
    const now = new Date();
    const outbox = running.app.get(OutboxService);
    const deliveries = await running.app.get(Transactor).run(async (tx) => {
      const to = { participantId: world.mentee.id, pairingId: world.pairing.id, email: world.mentee.email };
      const slot = { week: 3, item: 0, weekStart: localDateOf(now, 'UTC'), at: now };
      const [prompt] = await running.app.get(PromptIssuer).issue(tx, to, slot, 'letter-to-future-self', now);
      await running.app.get(LettersRepository).upsert(
        {
          participantId: world.mentee.id,
          pairingId: world.pairing.id,
          pairingPromptId: String(prompt.payload!.pairingPromptId),
          text: 'Dear me, apply for the course.',
          writtenAt: now,
        },
        tx,
      );
      const [letter] = (await tx.query(`SELECT id FROM letters WHERE participant_id = $1`, [
        world.mentee.id,
      ])) as { id: string }[];
      return outbox.queueMany(tx, [
        {
          dedupeKey: `letter:${letter.id}`,
          kind: 'prompt',
          pairingId: world.pairing.id,
          recipientId: world.mentee.id,
          toAddress: world.mentee.email,
          payload: { type: 'letter', letterId: letter.id },
        },
      ]);
    });
    await outbox.enqueue(deliveries);
    const returned = await mailTo(world.mentee.email, (m) =>
      /^A letter from you/.test(m.parsed.subject ?? ''),
    );

    await write('Reading it now: I did apply, and I got in!', returned);
    const relayed = await mailTo(world.mentor.email, (m) => (m.parsed.text ?? '').includes('I got in!'));
    expect(relayed.parsed.subject).toBe(`A message from ${world.mentee.name}`);
    expect(relayed.raw).not.toContain('apply for the course');
    expect(await threadSubjects()).not.toContain(returned.parsed.subject);
  });
});
