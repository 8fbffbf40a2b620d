import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { sendAs } from './support/outbound-world';

const bare = (id: string | undefined) => (id ?? '').replace(/^<|>$/g, '');
const refsOf = (m: OutboxEmail) => {
  const r = m.parsed.references;
  return (Array.isArray(r) ? r : r ? [r] : []).map(bare);
};

describe('threading: five messages back and forth', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'worker' });
    world = await createPairingWorld(running.app);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('carries consistent Message-ID, In-Reply-To, References, Thread-Index and subject', async () => {
    const db = running.app.get(DataSource);
    const sides = ['mentee', 'mentor', 'mentee', 'mentor', 'mentee'] as const;
    // What each side's own mail client knows: the ids of what it sent and what it received.
    const sentIds: string[] = [];
    const copies: OutboxEmail[] = [];
    for (const [i, who] of sides.entries()) {
      const previous = copies[i - 1];
      const email = await sendAs(running.app, world, who, `Message ${i + 1} from the ${who}.`, {
        subject: i === 0 ? 'Career plans' : `Re: ${previous.parsed.subject}`,
        inReplyTo: previous ? bare(previous.parsed.messageId) : undefined,
        references: previous ? [...refsOf(previous), bare(previous.parsed.messageId)] : undefined,
      });
      sentIds.push(email.messageId);
      const partner = who === 'mentee' ? world.mentor.email : world.mentee.email;
      const copy = await waitFor(async () => {
        const out = (await readOutbox(env.outboxDir)).filter(
          (m) => toAddress(m.parsed) === partner && (m.parsed.text ?? '').includes(`Message ${i + 1} `),
        );
        return out[0];
      });
      copies.push(copy);
    }

    // The file is written by the transport before its delivery is marked sent, in another statement.
    const deliveries = await waitFor(async () => {
      const rows = await db.getRepository(Delivery).find({ order: { createdAt: 'ASC' } });
      return rows.every((d) => d.status !== 'sending') && rows;
    });
    expect(deliveries.map((d) => d.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    const threadIndexes: Buffer[] = [];
    for (const [i, copy] of copies.entries()) {
      const m = copy.parsed;
      // Our own Message-ID, the one recorded on the delivery, fixed before the send.
      expect(bare(m.messageId)).toBe(deliveries[i].messageId);
      expect(m.subject).toBe(i === 0 ? 'Career plans' : 'Re: Career plans');
      expect(m.headers.get('thread-topic')).toBe('Career plans');
      threadIndexes.push(Buffer.from(String(m.headers.get('thread-index')), 'base64'));
      if (i === 0) {
        expect(m.inReplyTo).toBeUndefined();
        continue;
      }
      // The recipient wrote message i-1 themselves: the copy answers their own Message-ID, and
      // References name only ids this recipient has seen (their own mail, or copies they got).
      expect(bare(m.inReplyTo)).toBe(sentIds[i - 1]);
      const refs = refsOf(copy);
      expect(refs[refs.length - 1]).toBe(sentIds[i - 1]);
      const known = new Set([
        ...sentIds.filter((_, k) => sides[k] !== sides[i]),
        ...copies.slice(0, i).map((c) => bare(c.parsed.messageId)),
      ]);
      for (const ref of refs) expect(known.has(ref)).toBe(true);
      expect(refs).toHaveLength(i);
    }
    // Outlook: one root, each message one 5-byte block deeper than the one before.
    expect(threadIndexes.map((b) => b.length)).toEqual([22, 27, 32, 37, 42]);
    for (let i = 1; i < threadIndexes.length; i++) {
      expect(threadIndexes[i].subarray(0, threadIndexes[i - 1].length).equals(threadIndexes[i - 1])).toBe(
        true,
      );
    }
    // Relayed human mail is not marked as automated.
    for (const copy of copies) {
      expect(copy.parsed.headers.has('auto-submitted')).toBe(false);
      expect(copy.parsed.headers.has('list-unsubscribe')).toBe(false);
      expect(copy.parsed.headers.has('x-auto-response-suppress')).toBe(false);
    }
  }, 120_000);
});
