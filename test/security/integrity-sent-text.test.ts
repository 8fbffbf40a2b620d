import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/**
 * Issue #11, "genuine words are never dropped": removing our own earlier text from a reply must
 * take only a quoted copy (or whole paragraphs of it under an attribution), never the start of
 * the author's own sentence that happens to repeat our words.
 */
describe('integrity: a reply that repeats our text keeps the author’s words', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let port: number;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({});
    world = await createPairingWorld(running.app);
    port = running.app.get(SmtpListener).port!;
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  const send = (from: string, raw: string) =>
    SmtpTestClient.sendOnce(port, { from, to: [world.pairing.relayAddress], raw });

  /** The relayed copy to `to` whose text contains `marker`. */
  const copyTo = (to: string, marker: string): Promise<OutboxEmail> =>
    waitFor(async () => {
      const out = await readOutbox(env.outboxDir);
      return out.find((m) => toAddress(m.parsed) === to && (m.parsed.text ?? '').includes(marker)) ?? null;
    });

  const bare = (id: string | undefined) => (id ?? '').replace(/^<|>$/g, '');

  /** The mentee writes `text`; returns the copy the mentor received (our sent email). */
  async function menteeWrites(text: string, subject: string): Promise<OutboxEmail> {
    const email = buildEmail({ from: world.mentee.email, to: world.pairing.relayAddress, subject, text });
    expect((await send(world.mentee.email, email.raw)).data?.code).toBe(250);
    return copyTo(world.mentor.email, text);
  }

  /** The mentor answers our copy; returns the inbound row once decided and the copy the mentee got. */
  async function mentorReplies(ours: OutboxEmail, text: string) {
    const id = bare(ours.parsed.messageId);
    const reply = buildEmail({
      from: world.mentor.email,
      to: world.pairing.relayAddress,
      subject: `Re: ${ours.parsed.subject}`,
      inReplyTo: id,
      references: [id],
      text,
    });
    expect((await send(world.mentor.email, reply.raw)).data?.code).toBe(250);
    const row = await waitFor(async () => {
      const found = await db.getRepository(InboundEmail).findOneBy({ messageId: reply.messageId });
      return found && found.status !== 'received' ? found : null;
    });
    return { row, reply };
  }

  it('keeps "See you Monday then, and I will bring my CV" after our "See you Monday" (no quote)', async () => {
    const ours = await menteeWrites('See you Monday', 'Next session');
    const words = 'See you Monday then, and I will bring my CV';
    const { row } = await mentorReplies(ours, words);
    expect(row.status).toBe('accepted');
    const relayed = await copyTo(world.mentee.email, 'I will bring my CV');
    expect(relayed.parsed.text).toContain(words);
  });

  it('keeps the same words above our quoted text, and removes only the quote', async () => {
    const ours = await menteeWrites('Can we meet on Thursday', 'Thursday');
    const words = 'Can we meet on Thursday at nine instead? I have a class at eight.';
    const body = `${words}\n\nOn Fri, 7 Jun 2024 at 10:00, Tom <${world.pairing.relayAddress}> wrote:\n> Can we meet on Thursday`;
    const { row } = await mentorReplies(ours, body);
    expect(row.status).toBe('accepted');
    const relayed = await copyTo(world.mentee.email, 'at nine instead');
    expect(relayed.parsed.text).toContain(words);
    expect(relayed.parsed.text).not.toContain('> Can we meet on Thursday');
  });

  it('keeps an answer that starts by repeating the question', async () => {
    const question = 'What is one habit that helped you most in your first year as a manager?';
    const ours = await menteeWrites(question, 'A question');
    const words = `${question} Delegating early, and saying no to meetings without an agenda.`;
    const { row } = await mentorReplies(ours, words);
    expect(row.status).toBe('accepted');
    const relayed = await copyTo(world.mentee.email, 'Delegating early');
    expect(relayed.parsed.text).toContain(words);
  });
});
