import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import {
  OffloadService,
  OffloadThreadLostError,
  OffloadTimeoutError,
} from '../../src/offload/offload.service';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import {
  MAIL_TRANSPORT,
  type HandOver,
  type MailTransport,
  type RawOutgoingEmail,
} from '../../src/outbound/transports/mail-transport';
import { BULK_LIMITS, createPairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { sendAs } from './support/outbound-world';

/**
 * A thread stopped for another email's overrun rejects every call it held (OffloadService). Such a
 * failure says nothing of the delivery whose MIME was being built there: it goes back to the queue
 * and is sent once, instead of ending `failed` for staff as a bad message would.
 */
describe('a send whose offload thread is lost', () => {
  let env: TestEnv;
  let running: RunningApp;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'worker', JOB_HANDOFF: 'in-process' });
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it.each([
    ['lost', () => new OffloadThreadLostError('exited (1)')],
    ['stopped for an overrun', () => new OffloadTimeoutError('parseInbound', 30_000)],
  ])('is tried again when its thread was %s, and sent once', async (_how, failure) => {
    const db = running.app.get(DataSource);
    const offload = running.app.get(OffloadService);
    const transport = running.app.get<MailTransport>(MAIL_TRANSPORT);
    const run = offload.run.bind(offload);
    let failures = 0;
    offload.run = ((task, input) => {
      if (task === 'buildMime' && failures === 0) {
        failures++;
        return Promise.reject(failure());
      }
      return run(task, input);
    }) as typeof offload.run;
    const sent: string[] = [];
    const send = transport.send.bind(transport);
    transport.send = async (email: RawOutgoingEmail, handOver: HandOver) => {
      sent.push(email.messageId);
      return send(email, handOver);
    };
    try {
      const world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
      await sendAs(running.app, world, 'mentee', 'See you on Thursday.');
      const delivered = await waitFor(
        () =>
          db
            .getRepository(Delivery)
            .findOneBy({ kind: 'relay', pairingId: world.pairing.id, status: 'sent' }),
        30_000,
        50,
      );
      expect(failures).toBe(1);
      expect(delivered.attempts).toBe(2);
      expect(sent.filter((id) => id === delivered.messageId)).toHaveLength(1);
    } finally {
      offload.run = run;
      transport.send = send;
    }
  });
});
