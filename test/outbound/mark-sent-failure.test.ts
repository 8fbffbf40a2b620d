import { DataSource, In } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { OutboxRepository } from '../../src/outbound/outbox.repository';
import { OutboxService } from '../../src/outbound/outbox.service';
import {
  MAIL_TRANSPORT,
  type MailTransport,
  type HandOver,
  type RawOutgoingEmail,
} from '../../src/outbound/transports/mail-transport';
import { BULK_LIMITS, createPairingWorld } from '../factories/pairing.factory';
import { TransportError } from '../../src/outbound/transports/transport-error';
import { RecoveryService } from '../../src/worker/recovery.service';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { sendAs, settled } from './support/outbound-world';

const COUNT = 6;
const FAILING = 3;

describe('a send its worker did not finish', () => {
  let env: TestEnv;
  let running: RunningApp;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'worker', SEND_LEASE_MS: '1500', RECOVERY_INTERVAL_MS: '200' });
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('recording fails after the transport accepted it: never sent again, the row waits in sending, then becomes uncertain', async () => {
    // The app's JSON log lines: the error line is staff's word that a copy went out unrecorded.
    const written: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await recordingFails(written);
    } finally {
      write.mockRestore();
    }
  }, 90_000);

  async function recordingFails(written: string[]): Promise<void> {
    const db = running.app.get(DataSource);
    const transport = running.app.get<MailTransport>(MAIL_TRANSPORT);
    const repo = running.app.get(OutboxRepository);
    const handed = new Map<string, number>();
    const send = transport.send.bind(transport);
    transport.send = async (email: RawOutgoingEmail, handOver: HandOver) => {
      handed.set(email.messageId, (handed.get(email.messageId) ?? 0) + 1);
      return send(email, handOver);
    };
    // The batched UPDATE fails for the first sends, as a dropped connection fails a whole batch.
    const markSent = repo.markSent.bind(repo);
    const unrecorded: string[] = [];
    repo.markSent = async (id, values) => {
      if (unrecorded.length < FAILING) {
        unrecorded.push(id);
        throw new Error('Connection terminated unexpectedly');
      }
      return markSent(id, values);
    };

    const world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
    for (let i = 0; i < COUNT; i++) await sendAs(running.app, world, 'mentee', `Reply number ${i}.`);

    // Watch the unrecorded rows until the lease expires: they must never be queued again.
    const seen = new Set<string>();
    await waitFor(
      async () => {
        if (unrecorded.length < FAILING) return false;
        const rows = await db.getRepository(Delivery).findBy({ id: In(unrecorded) });
        for (const row of rows) seen.add(row.status);
        return rows.every((r) => r.status === 'uncertain');
      },
      30_000,
      20,
    );
    expect([...seen].sort()).toEqual(['sending', 'uncertain']);

    const deliveries = await settled(db, COUNT, 30_000);
    expect(deliveries.filter((d) => d.status === 'sent')).toHaveLength(COUNT - FAILING);
    expect(
      deliveries
        .filter((d) => d.status === 'uncertain')
        .map((d) => d.id)
        .sort(),
    ).toEqual([...unrecorded].sort());
    // Every email reached the transport exactly once, the unrecorded ones included.
    expect(handed.size).toBe(COUNT);
    expect([...handed.values()].filter((n) => n !== 1)).toEqual([]);
    // A later sweep leaves them alone: still uncertain, still one copy each.
    expect((await running.app.get(RecoveryService).sweep()).deliveries).toBe(0);
    const after = await db.getRepository(Delivery).findBy({ id: In(unrecorded) });
    expect(after.map((d) => d.status)).toEqual(Array(FAILING).fill('uncertain'));
    expect([...handed.values()].filter((n) => n !== 1)).toEqual([]);

    // One error line per unrecorded copy, naming the row and the transport's id (the row has none:
    // its write failed) so staff can find the copy at the provider, and holding no member's address.
    const lines = written
      .join('')
      .split('\n')
      .filter((line) => line.includes('not recorded'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => [l.level, l.msg])).toEqual(
      Array(FAILING).fill([
        'error',
        'delivery accepted by the transport but not recorded: left in sending, never resent',
      ]),
    );
    expect(lines.map((l) => l.deliveryId).sort()).toEqual([...unrecorded].sort());
    expect(lines.filter((l) => typeof l.transportId !== 'string' || l.transportId === '')).toEqual([]);
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    for (const member of [world.mentor, world.mentee]) expect(text).not.toContain(member.email);
  }

  it('stopped between its claim and the transport: queued again after the lease and sent once', async () => {
    const db = running.app.get(DataSource);
    const repo = running.app.get(OutboxRepository);
    const transport = running.app.get<MailTransport>(MAIL_TRANSPORT);
    // What the transport accepted (a refused hand-over throws and writes nothing).
    const accepted: string[] = [];
    const send = transport.send.bind(transport);
    jest.spyOn(transport, 'send').mockImplementation(async (email: RawOutgoingEmail, handOver: HandOver) => {
      const result = await send(email, handOver);
      accepted.push(email.messageId);
      return result;
    });
    // The first claim freezes (a dead worker, or one paused past its lease) until the sweep has
    // taken the row back; then it resumes and must not send: the row is no longer its claim.
    const claim = repo.claim.bind(repo);
    let frozen: string | undefined;
    const isQueued = async (id: string) =>
      (await db.getRepository(Delivery).findOneBy({ id }))?.status === 'queued';
    jest.spyOn(repo, 'claim').mockImplementation(async (id) => {
      const claimed = await claim(id);
      if (claimed && !frozen) {
        frozen = id;
        await waitFor(() => isQueued(id), 30_000, 20);
      }
      return claimed;
    });

    const world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
    await sendAs(running.app, world, 'mentor', 'A reply whose first worker froze.');
    const done = await waitFor(
      async () => {
        const row = frozen ? await db.getRepository(Delivery).findOneBy({ id: frozen }) : null;
        return row && !['queued', 'sending'].includes(row.status) ? row : null;
      },
      30_000,
      20,
    );
    expect(done.status).toBe('sent');
    expect(done.attempts).toBe(2);
    expect(accepted).toEqual([done.messageId]);
  }, 60_000);

  it("a worker that resumes after its row was taken back cannot undo the new claim's send", async () => {
    const db = running.app.get(DataSource);
    const repo = running.app.get(OutboxRepository);
    const transport = running.app.get<MailTransport>(MAIL_TRANSPORT);
    const deferred = () => {
      let resolve!: () => void;
      return { promise: new Promise<void>((r) => (resolve = r)), resolve };
    };
    const firstStale = deferred();
    const secondHanded = deferred();
    const firstHandled = deferred();
    const accepted: string[] = [];
    let calls = 0;
    const isQueued = async (messageId: string) =>
      (await db.getRepository(Delivery).findOneBy({ messageId }))?.status === 'queued';
    // The class's own send: an earlier test's spy may still wrap the instance's.
    const send = (Object.getPrototypeOf(transport) as MailTransport).send.bind(transport);
    const sendSpy = jest
      .spyOn(transport, 'send')
      .mockImplementation(async (email: RawOutgoingEmail, handOver: HandOver) => {
        if (++calls === 1) {
          // The first worker stalls before its hand-over until the sweep has taken the row back,
          // and wakes, after another claim handed the copy over, to a reset connection: a
          // transient failure, on a row that is no longer its claim.
          await waitFor(() => isQueued(email.messageId), 30_000, 20);
          firstStale.resolve();
          await secondHanded.promise;
          throw new TransportError('retry', 'smtp ECONNRESET: read ECONNRESET');
        }
        const result = await send(email, async () => {
          const handed = await handOver();
          secondHanded.resolve();
          // Past the transport's point of no return: the stale worker's failure lands now.
          await firstHandled.promise;
          return handed;
        });
        accepted.push(email.messageId);
        return result;
      });
    const release = repo.release.bind(repo);
    const releaseSpy = jest.spyOn(repo, 'release').mockImplementation(async (...args) => {
      try {
        return await release(...args);
      } finally {
        firstHandled.resolve();
      }
    });
    try {
      const world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
      await sendAs(running.app, world, 'mentor', 'A reply whose first worker woke up late.');
      await firstStale.promise;
      // The second claim, as another worker would make it while the first one's job still runs.
      const { id } = await db
        .getRepository(Delivery)
        .findOneByOrFail({ pairingId: world.pairing.id, kind: 'relay' });
      await running.app.get(OutboxService).send(id);
      expect(releaseSpy).toHaveBeenCalled();
      const row = await db.getRepository(Delivery).findOneByOrFail({ id });
      expect([row.status, row.attempts]).toEqual(['sent', 2]);
      // Nothing left to send it again: neither the stale job's retry nor a sweep.
      expect((await running.app.get(RecoveryService).sweep()).deliveries).toBe(0);
      expect(accepted).toEqual([row.messageId]);
    } finally {
      sendSpy.mockRestore();
      releaseSpy.mockRestore();
    }
  }, 60_000);

  it('the connection drops after the hand-over with no answer: uncertain at once, never sent again', async () => {
    const db = running.app.get(DataSource);
    const transport = running.app.get<MailTransport>(MAIL_TRANSPORT);
    const calls: string[] = [];
    const spy = jest
      .spyOn(transport, 'send')
      .mockImplementation(async (email: RawOutgoingEmail, handOver: HandOver) => {
        calls.push(email.messageId);
        await handOver();
        throw new TransportError('uncertain', 'smtp ECONNECTION: connection closed after the final dot');
      });
    try {
      const world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
      await sendAs(running.app, world, 'mentor', 'A reply whose 250 never came.');
      const row = await waitFor(
        async () => {
          const found = await db
            .getRepository(Delivery)
            .findOneBy({ pairingId: world.pairing.id, kind: 'relay' });
          return found && found.status !== 'queued' && found.status !== 'sending' ? found : null;
        },
        30_000,
        20,
      );
      expect([row.status, row.reason]).toEqual([
        'uncertain',
        'smtp ECONNECTION: connection closed after the final dot',
      ]);
      expect(row.attempts).toBe(1);
      // Neither Bull's retry nor the recovery sweep sends it again.
      expect((await running.app.get(RecoveryService).sweep()).deliveries).toBe(0);
      expect(calls).toEqual([row.messageId]);
      expect((await db.getRepository(Delivery).findOneByOrFail({ id: row.id })).status).toBe('uncertain');
    } finally {
      spy.mockRestore();
    }
  }, 60_000);
});
