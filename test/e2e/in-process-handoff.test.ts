import type { Queue } from 'bull';
import { getQueueToken } from '@nestjs/bull';
import { DataSource, In } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { InboundPipelineService } from '../../src/inbound/pipeline/inbound-pipeline.service';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import {
  MAIL_TRANSPORT,
  type HandOver,
  type MailTransport,
  type RawOutgoingEmail,
} from '../../src/outbound/transports/mail-transport';
import { TransportError } from '../../src/outbound/transports/transport-error';
import { JobQueue } from '../../src/queues/job-queue';
import { QUEUES } from '../../src/queues/queue-names';
import { RecoveryService } from '../../src/worker/recovery.service';
import { buildEmail } from '../factories/emails';
import { BULK_LIMITS, createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { inject, settled } from '../outbound/support/outbound-world';
import { TestEnv } from '../support/test-env';

/**
 * JOB_HANDOFF=in-process (a pilot, every role in one process): work goes from the doors to the
 * workers without Bull, and still ends exactly once; what fails goes to Bull and its retries.
 */
describe('in-process hand-off', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let transport: MailTransport;
  let world: PairingWorld;
  /** Every copy the transport accepted, by Message-ID. */
  const accepted = new Map<string, number>();

  const jobCount = async (name: string) => {
    const counts = await running.app.get<Queue>(getQueueToken(name)).getJobCounts();
    return Object.values(counts).reduce((a, z) => a + z, 0);
  };
  const relaysOf = (ids: string[]) =>
    db.query(
      `SELECT d.status, d.message_id AS "messageId" FROM deliveries d
         JOIN messages m ON m.id = d.source_message_id
        WHERE m.inbound_email_id = ANY($1::uuid[]) AND d.kind = 'relay'`,
      [ids],
    ) as Promise<{ status: string; messageId: string }[]>;

  /** One reply through the intake, as the SMTP listener hands it over; its inbound id. */
  const receive = async (who: 'mentor' | 'mentee', text: string) => {
    const from = world[who].email;
    const { raw } = buildEmail({ from, to: world.pairing.relayAddress, text });
    return (await inject(running.app, raw, from, world.pairing.relayAddress)).id;
  };

  const relayIds = async (ids: string[]) =>
    ((await db.query(
      `SELECT d.id FROM deliveries d JOIN messages m ON m.id = d.source_message_id
        WHERE m.inbound_email_id = ANY($1::uuid[]) AND d.kind = 'relay'`,
      [ids],
    )) as { id: string }[]).map((r) => r.id);

  beforeAll(async () => {
    env = await TestEnv.create();
    // No sweep in the way of these tests: each calls it when it means to.
    running = await env.start({ JOB_HANDOFF: 'in-process', RECOVERY_INTERVAL_MS: '3600000' });
    db = running.app.get(DataSource);
    transport = running.app.get<MailTransport>(MAIL_TRANSPORT);
    const send = transport.send.bind(transport);
    transport.send = async (email: RawOutgoingEmail, handOver: HandOver) => {
      const result = await send(email, handOver);
      accepted.set(email.messageId, (accepted.get(email.messageId) ?? 0) + 1);
      return result;
    };
    world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('relays replies from intake to the transport without a Bull job, each copy once', async () => {
    const before = { inbound: await jobCount(QUEUES.inbound), outbound: await jobCount(QUEUES.outbound) };
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await receive(i % 2 ? 'mentor' : 'mentee', `Reply ${i}.`));
    await settled(db, 0, 30_000);
    const relays = await relaysOf(ids);
    expect(relays.map((r) => [r.status, accepted.get(r.messageId)])).toEqual(Array(5).fill(['sent', 1]));
    expect(await jobCount(QUEUES.inbound)).toBe(before.inbound);
    expect(await jobCount(QUEUES.outbound)).toBe(before.outbound);
  }, 60_000);

  it('processes the same email once when it is handed off twice and revived while held', async () => {
    const { raw } = buildEmail({ from: world.mentee.email, to: world.pairing.relayAddress, text: 'Twice?' });
    const pipeline = running.app.get(InboundPipelineService);
    // Hold the email's batch until a second hand-off and a sweep have seen it.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const processBatch = pipeline.processBatch.bind(pipeline);
    const spy = jest.spyOn(pipeline, 'processBatch').mockImplementation(async (ids) => {
      await gate;
      return processBatch(ids);
    });
    try {
      const { id } = await inject(running.app, raw, world.mentee.email, world.pairing.relayAddress);
      const jobs = running.app.get(JobQueue);
      await jobs.processInbound(id);
      // Waiting in this process counts as a live job: the sweep neither revives nor gives up on it.
      expect(await jobs.hasLiveInboundJob(id)).toBe(true);
      expect((await running.app.get(RecoveryService).sweep()).inbound).toBe(0);
      release();
      await settled(db, 0, 30_000);
      const relays = await relaysOf([id]);
      expect(relays.map((r) => r.status)).toEqual(['sent']);
      expect(accepted.get(relays[0].messageId)).toBe(1);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  }, 60_000);

  it('hands an email whose processing failed to Bull, which finishes it once', async () => {
    const pipeline = running.app.get(InboundPipelineService);
    const processBatch = pipeline.processBatch.bind(pipeline);
    let failures = 0;
    const spy = jest.spyOn(pipeline, 'processBatch').mockImplementation(async (ids) => {
      if (failures++ === 0) throw new Error('database went away');
      return processBatch(ids);
    });
    try {
      const id = await receive('mentor', 'The first try of this one fails.');
      await settled(db, 0, 30_000);
      const done = await db.getRepository(InboundEmail).findOneByOrFail({ id });
      expect([done.status, done.reason]).toEqual(['accepted', 'relayed']);
      expect(failures).toBe(2);
      const relays = await relaysOf([id]);
      expect(relays.map((r) => [r.status, accepted.get(r.messageId)])).toEqual([['sent', 1]]);
    } finally {
      spy.mockRestore();
    }
  }, 60_000);

  it('gives a send the transport refused for now to Bull, which sends it once', async () => {
    const send = transport.send.bind(transport);
    let refusals = 0;
    const spy = jest
      .spyOn(transport, 'send')
      .mockImplementation(async (email: RawOutgoingEmail, handOver: HandOver) => {
        if (refusals++ === 0) throw new TransportError('retry', 'smtp 421: try again later');
        return send(email, handOver);
      });
    try {
      const id = await receive('mentee', 'The first send of this one is refused.');
      await settled(db, 0, 30_000);
      const [relay] = await db.getRepository(Delivery).findBy({ id: In(await relayIds([id])) });
      expect([relay.status, relay.attempts]).toEqual(['sent', 2]);
      expect(accepted.get(relay.messageId)).toBe(1);
      expect(await jobCount(QUEUES.outbound)).toBeGreaterThan(0);
    } finally {
      spy.mockRestore();
    }
  }, 60_000);
});
