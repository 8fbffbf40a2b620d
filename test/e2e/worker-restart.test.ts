import { DataSource } from 'typeorm';
import { RecoveryService } from '../../src/worker/recovery.service';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { buildEmail } from '../factories/emails';
import { createPairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

describe('no accepted mail is lost when the worker is down', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await TestEnv.create();
  });

  afterAll(async () => {
    await env.destroy();
  });

  it('relays exactly once after the worker starts again, even with Redis flushed meanwhile', async () => {
    // A process with only the SMTP door: it accepts and stores, nobody processes.
    const door = await env.start({ ROLES: 'smtp' });
    const world = await createPairingWorld(door.app);
    const email = buildEmail({
      from: world.mentee.email,
      to: world.pairing.relayAddress,
      text: 'Are you there?',
    });
    const client = await SmtpTestClient.connect(door.app.get(SmtpListener).port!);
    const result = await client.send({
      from: world.mentee.email,
      to: [world.pairing.relayAddress],
      raw: email.raw,
    });
    await client.quit();
    expect(result.data?.code).toBe(250);
    const db = door.app.get(DataSource);
    const stored = await db
      .getRepository(InboundEmail)
      .findOneByOrFail({ recipient: world.pairing.relayAddress });
    expect(stored.status).toBe('received');
    await door.close();

    // Redis loses everything while no worker runs: PostgreSQL still has the email.
    await env.flushQueues();

    const worker = await env.start({ ROLES: 'worker' });
    const relayed = await waitFor(async () => {
      const out = (await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === world.mentor.email);
      return out.length ? out : null;
    });
    // A second worker start and sweep must not send it again.
    await worker.close();
    const again = await env.start({ ROLES: 'worker' });
    // Its recovery sweep finds nothing to send again: every row is final.
    expect(await again.app.get(RecoveryService).sweep()).toMatchObject({
      inbound: 0,
      deliveries: 0,
      uncertain: 0,
    });
    const db2 = again.app.get(DataSource);
    expect(relayed).toHaveLength(1);
    expect(
      (await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === world.mentor.email),
    ).toHaveLength(1);
    const deliveries = await db2.getRepository(Delivery).findBy({ pairingId: world.pairing.id });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].status).toBe('sent');
    const row = await db2.getRepository(InboundEmail).findOneByOrFail({ id: stored.id });
    expect(row.status).toBe('accepted');
  });
});
