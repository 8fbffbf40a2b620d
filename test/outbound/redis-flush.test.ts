import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import {
  MAIL_TRANSPORT,
  type MailTransport,
  type HandOver,
  type RawOutgoingEmail,
} from '../../src/outbound/transports/mail-transport';
import { BULK_LIMITS, createPairingWorld } from '../factories/pairing.factory';
import { buildEmail } from '../factories/emails';
import { readOutbox } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { inject, settled } from './support/outbound-world';

const COUNT = Number(process.env.FLUSH_COUNT ?? 500);

describe('Redis flushed in the middle of 500 relays', () => {
  let env: TestEnv;
  let running: RunningApp;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'worker', RECOVERY_INTERVAL_MS: '300' });
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('still delivers every one exactly once', async () => {
    const db = running.app.get(DataSource);
    const transport = running.app.get<MailTransport>(MAIL_TRANSPORT);
    const handed = new Map<string, number>();
    const send = transport.send.bind(transport);
    // Past the 50th relay, sends wait for the flush: it then always lands mid-stream, however
    // fast the worker is (it once sent all 500 while the flush was still scanning keys).
    let flushDone!: () => void;
    const afterFlush = new Promise<void>((resolve) => (flushDone = resolve));
    // Count what reaches the transport: the file transport alone would hide a second send
    // behind an overwritten file.
    transport.send = async (email: RawOutgoingEmail, handOver: HandOver) => {
      handed.set(email.messageId, (handed.get(email.messageId) ?? 0) + 1);
      if (handed.size > 50) await afterFlush;
      return send(email, handOver);
    };
    const worlds = await Promise.all(
      Array.from({ length: 10 }, () => createPairingWorld(running.app, { limits: BULK_LIMITS })),
    );
    const flushed = waitFor(() => handed.size >= 50, 60_000, 5).then(async () => {
      await env.flushQueues();
      flushDone();
      return handed.size;
    });
    for (let i = 0; i < COUNT; i++) {
      const world = worlds[i % worlds.length];
      const email = buildEmail({
        from: world.mentee.email,
        to: world.pairing.relayAddress,
        subject: `Topic ${i}`,
        text: `Relay number ${i}.`,
      });
      await inject(running.app, email.raw, world.mentee.email, world.pairing.relayAddress);
    }
    expect(await flushed).toBeLessThan(COUNT);

    const deliveries = await settled(db, COUNT, 180_000);
    expect(deliveries).toHaveLength(COUNT);
    expect(deliveries.filter((d) => d.status === 'sent')).toHaveLength(COUNT);
    expect(handed.size).toBe(COUNT);
    expect([...handed.values()].filter((n) => n > 1)).toEqual([]);
    expect((await readOutbox(env.outboxDir)).length).toBe(COUNT);
  }, 240_000);
});
