import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Message } from '../../src/conversations/entities/message.entity';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { IntakeService } from '../../src/inbound/intake.service';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/**
 * Issue #12, "text after a quote is the author's": a member who answers below the quote (mailing
 * list habit, mutt, sup) has that answer relayed, and gets no "Nothing to deliver" notice for it.
 * Each body goes through the whole pipeline; the stored message is what the partner receives.
 */
const QUOTE = '> Could you send me two suggestions for the movie club?\n>\n> Maria\n';

const ANSWER = 'Hidden Figures, or Arrival.';

/** The body, and what the partner must receive of it. */
const BODIES: [string, string, string][] = [
  [
    'a mailing-list From:/Date: block above the quote',
    `From: Maria Mentor <maria@example.org>\nDate: Mon, 30 Nov 2026 10:00:00 +0100\n\n${QUOTE}\nApplied.`,
    'Applied.',
  ],
  ['"Maria wrote:" without a date', `Maria wrote:\n${QUOTE}\n${ANSWER}`, ANSWER],
  [
    'sup\'s "Excerpts from"',
    `Excerpts from Maria Mentor's message of 2026-11-30 10:00:00 +0100:\n${QUOTE}\n${ANSWER}`,
    ANSWER,
  ],
  [
    'a free-form lead-in',
    `Hi Maria,\n\nYou asked me:\n${QUOTE}\n${ANSWER}\n\nTom`,
    `Hi Maria,\n\nYou asked me:\n\n${ANSWER}\n\nTom`,
  ],
];

describe('bottom-posted replies through the pipeline', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'worker' });
    world = await createPairingWorld(running.app);
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  it.each(BODIES)('relays the answer below %s, with no notice', async (_name, text, expected) => {
    const raw = buildEmail({ from: world.mentee.email, to: world.pairing.relayAddress, text }).raw;
    const receipt = await running.app.get(IntakeService).receive({
      source: 'cli',
      recipient: world.pairing.relayAddress,
      envelopeFrom: null,
      raw: Buffer.from(raw),
    });
    const row = await waitFor(async () => {
      const r = await db.getRepository(InboundEmail).findOneBy({ id: receipt.id });
      return r && r.status !== 'received' ? r : null;
    });
    expect([row.status, row.reason]).toEqual(['accepted', 'relayed']);
    const message = await db.getRepository(Message).findOneByOrFail({ inboundEmailId: row.id });
    expect(message.newText).toBe(expected);
    const notices = await db.getRepository(Delivery).find({ where: { kind: 'notice' } });
    expect(notices.filter((d) => d.payload?.inboundEmailId === row.id)).toEqual([]);
  });
});
