import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { AcceptedRepliesRepository } from '../../src/inbound/accepted-replies.repository';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { IntakeService } from '../../src/inbound/intake.service';
import {
  InboundPipelineService,
  type EmailResult,
} from '../../src/inbound/pipeline/inbound-pipeline.service';
import { buildEmail } from '../factories/emails';
import { BULK_LIMITS, createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';

/**
 * The worker records emails in batches. These tests drive one batch directly (no worker role, so
 * the queue never runs them) to pin down what batching must not change.
 */
describe('inbound batches', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let pipeline: InboundPipelineService;
  let intake: IntakeService;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
    pipeline = running.app.get(InboundPipelineService);
    intake = running.app.get(IntakeService);
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  const store = async (from: string, text: string, subject = 'Hello') => {
    const { raw } = buildEmail({ from, to: world.pairing.relayAddress, subject, text });
    const receipt = await intake.receive({
      source: 'cli',
      raw: Buffer.from(raw),
      recipient: world.pairing.relayAddress,
      envelopeFrom: null,
    });
    return receipt.id;
  };

  const states = async (ids: string[]) => {
    const rows = await db.getRepository(InboundEmail).findBy(ids.map((id) => ({ id })));
    return Object.fromEntries(rows.map((r) => [r.id, `${r.status}/${r.reason}`]));
  };

  const outcomes = (results: Map<string, EmailResult>) =>
    Object.fromEntries(
      [...results].map(([id, r]) => [
        id,
        'error' in r ? 'error' : r.outcome && `${r.outcome.status}/${r.outcome.reason}`,
      ]),
    );

  const messagesOf = (ids: string[]) =>
    db.query(
      `SELECT m.inbound_email_id AS email, m.thread_id AS thread,
              (SELECT count(*)::int FROM deliveries d WHERE d.source_message_id = m.id) AS copies
         FROM messages m WHERE m.inbound_email_id = ANY($1::uuid[])`,
      [ids],
    ) as Promise<{ email: string; thread: string; copies: number }[]>;

  it('ends every email of one batch in its own state; replies that start one subject share its thread', async () => {
    const first = await store(world.mentee.email, 'A first idea for the plan.', 'Our summer plan');
    const second = await store(world.mentor.email, 'And a second one.', 'Re: Our summer plan');
    const stranger = await store('someone@elsewhere.example', 'Let me in.');
    const command = await store(world.mentee.email, '#pause 2 weeks');

    const results = await pipeline.processBatch([first, second, stranger, command]);

    const expected = {
      [first]: 'accepted/relayed',
      [second]: 'accepted/relayed',
      [stranger]: 'rejected/unknown_sender',
      [command]: 'accepted/command',
    };
    expect(outcomes(results)).toEqual(expected);
    expect(await states([first, second, stranger, command])).toEqual(expected);
    const messages = await messagesOf([first, second, stranger, command]);
    expect(messages.map((m) => m.email).sort()).toEqual([first, second].sort());
    expect(new Set(messages.map((m) => m.thread)).size).toBe(1);
    expect(messages.map((m) => m.copies)).toEqual([1, 1]);
    const [{ n }] = (await db.query(
      `SELECT count(*)::int AS n FROM threads WHERE pairing_id = $1 AND normalized_subject = 'our summer plan'`,
      [world.pairing.id],
    )) as { n: number }[];
    expect(n).toBe(1);
  });

  it('starts a thread per reply without a subject, as one after the other would', async () => {
    const ids = [
      await store(world.mentee.email, 'No subject here.', ''),
      await store(world.mentor.email, 'None here either.', ''),
    ];
    const results = await pipeline.processBatch(ids);
    expect(Object.values(outcomes(results))).toEqual(['accepted/relayed', 'accepted/relayed']);
    expect(new Set((await messagesOf(ids)).map((m) => m.thread)).size).toBe(2);
  });

  it('records an email once when two workers take the same batch at the same time', async () => {
    const ids = [
      await store(world.mentee.email, 'Twice at once, one.', 'Race one'),
      await store(world.mentor.email, 'Twice at once, two.', 'Race two'),
      await store('intruder@elsewhere.example', 'Twice at once, three.'),
    ];

    const [a, b] = await Promise.all([pipeline.processBatch(ids), pipeline.processBatch(ids)]);

    for (const id of ids) {
      const both = [a.get(id)!, b.get(id)!];
      // The loser finds the email finished and writes nothing: no error, no retry.
      expect(both.filter((r) => 'error' in r)).toEqual([]);
      expect(both.filter((r) => 'outcome' in r && r.outcome)).toHaveLength(1);
    }
    const messages = await messagesOf(ids);
    expect(messages.map((m) => m.copies)).toEqual([1, 1]);
    expect(Object.values(await states(ids)).sort()).toEqual([
      'accepted/relayed',
      'accepted/relayed',
      'rejected/unknown_sender',
    ]);
  });

  it('records the replies one by one when the batch statement fails', async () => {
    const ids = [
      await store(world.mentee.email, 'Fallback one.', 'Fallback one'),
      await store(world.mentor.email, 'Fallback two.', 'Fallback two'),
    ];
    const accepted = running.app.get(AcceptedRepliesRepository);
    const record = jest.spyOn(accepted, 'record');
    record.mockRejectedValueOnce(new Error('statement failed'));
    try {
      const results = await pipeline.processBatch(ids);
      expect(Object.values(outcomes(results))).toEqual(['accepted/relayed', 'accepted/relayed']);
      // The batch call, then one per reply.
      expect(record.mock.calls.map(([replies]) => replies.length)).toEqual([2, 1, 1]);
    } finally {
      record.mockRestore();
    }
    expect((await messagesOf(ids)).map((m) => m.copies)).toEqual([1, 1]);
  });

  it('answers for an email that is already finished without touching it again', async () => {
    const id = await store(world.mentee.email, 'Only once.', 'Finished');
    await pipeline.processBatch([id]);
    const again = await pipeline.processBatch([id]);
    expect(again.get(id)).toEqual({ outcome: null });
    expect(await messagesOf([id])).toHaveLength(1);
  });
});
