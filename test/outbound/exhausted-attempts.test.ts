import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import {
  MAIL_TRANSPORT,
  type MailTransport,
  type HandOver,
  type RawOutgoingEmail,
} from '../../src/outbound/transports/mail-transport';
import { TransportError } from '../../src/outbound/transports/transport-error';
import { RecoveryService } from '../../src/worker/recovery.service';
import { StaffClient } from '../admin/staff-client';
import { BULK_LIMITS, createPairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { sendAs } from './support/outbound-world';

const MAX_ATTEMPTS = 3;

describe('a delivery whose transport keeps failing', () => {
  let env: TestEnv;
  let running: RunningApp;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({
      ROLES: 'api,worker',
      DELIVERY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      RECOVERY_INTERVAL_MS: '200',
    });
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('ends failed with its last error, stays failed, and is sent once after a staff retry', async () => {
    const db = running.app.get(DataSource);
    const transport = running.app.get<MailTransport>(MAIL_TRANSPORT);
    const calls: string[] = [];
    const accepted: string[] = [];
    let broken = true;
    const send = transport.send.bind(transport);
    transport.send = async (email: RawOutgoingEmail, handOver: HandOver) => {
      calls.push(email.messageId);
      if (broken) throw new TransportError('retry', 'connection reset by relay host');
      const result = await send(email, handOver);
      accepted.push(email.messageId);
      return result;
    };

    const world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
    await sendAs(running.app, world, 'mentee', 'Are you free on Thursday?');

    const failed = await waitFor(
      () => db.getRepository(Delivery).findOneBy({ kind: 'relay', status: 'failed' }),
      30_000,
      50,
    );
    expect(failed.reason).toContain('connection reset by relay host');
    expect(failed.attempts).toBe(MAX_ATTEMPTS);
    expect(calls).toHaveLength(MAX_ATTEMPTS);

    // The recovery sweep leaves a failed delivery alone: it is final until staff decide.
    expect((await running.app.get(RecoveryService).sweep()).deliveries).toBe(0);
    expect((await db.getRepository(Delivery).findOneByOrFail({ id: failed.id })).status).toBe('failed');
    expect(calls).toHaveLength(MAX_ATTEMPTS);

    // Nobody but logged-in staff may retry it.
    const stranger = new StaffClient(running.httpUrl!);
    const refused = await stranger.post(`/admin/deliveries/${failed.id}/retry`, {});
    expect([refused.status, refused.headers.get('location')]).toEqual([302, '/admin/login?next=%2Fadmin']);
    expect((await db.getRepository(Delivery).findOneByOrFail({ id: failed.id })).status).toBe('failed');

    // Staff see it with its error and a Retry button.
    const staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'ops@example.org');
    const list = await (await staff.get('/admin/deliveries?status=failed')).text();
    expect(list).toContain('connection reset by relay host');
    expect(list).toContain(`action="/admin/deliveries/${failed.id}/retry"`);

    broken = false;
    const retried = await staff.post(`/admin/deliveries/${failed.id}/retry`, {
      _csrf: await staff.csrf('/admin/deliveries?status=failed'),
    });
    expect(retried.status).toBe(303);
    const sent = await waitFor(
      () => db.getRepository(Delivery).findOneBy({ id: failed.id, status: 'sent' }),
      30_000,
      50,
    );
    expect(sent.reason).toBeNull();
    expect(accepted).toEqual([failed.messageId]);

    // A second retry of a sent delivery is refused and sends nothing.
    const again = await staff.post(`/admin/deliveries/${failed.id}/retry`, {
      _csrf: await staff.csrf('/admin/deliveries'),
    });
    expect(again.status).toBe(400);
    expect(accepted).toEqual([failed.messageId]);
  }, 90_000);
});
