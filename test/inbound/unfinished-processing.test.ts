import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { InboundBatcher } from '../../src/inbound/pipeline/inbound-batcher';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { INBOUND_MAX_RECOVERIES } from '../../src/worker/recovery.service';
import { StaffClient } from '../admin/staff-client';
import { BULK_LIMITS, createPairingWorld } from '../factories/pairing.factory';
import { sendAs } from '../outbound/support/outbound-world';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/**
 * An email whose job keeps ending without finishing it (a crashed worker's stalled job, a job
 * taken by another deployment) must not be revived forever by the recovery sweep.
 */
describe('an inbound email whose processing never finishes', () => {
  let env: TestEnv;
  let running: RunningApp;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api,worker', RECOVERY_INTERVAL_MS: '200' });
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('is held for staff with its error after a few recoveries, and staff can reprocess it', async () => {
    const db = running.app.get(DataSource);
    const batcher = running.app.get(InboundBatcher);
    const process = batcher.process.bind(batcher);
    let poisoned = true;
    let jobsRun = 0;
    batcher.process = async (id: string) => {
      if (!poisoned) return process(id);
      jobsRun++;
      // The job completes without finishing the email, as when a worker of another deployment on
      // the same Redis took it and found no row: only the recovery sweep can notice.
      return null;
    };

    const world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
    await sendAs(running.app, world, 'mentee', 'This one never finishes.');

    const held = await waitFor(
      () => db.getRepository(InboundEmail).findOneBy({ status: 'held' }),
      30_000,
      50,
    );
    expect(held.reason).toBe('processing_error');
    expect(held.detail).toContain(`after ${INBOUND_MAX_RECOVERIES} recoveries`);
    // The first job and one per recovery; then no more.
    expect(jobsRun).toBe(INBOUND_MAX_RECOVERIES + 1);

    // Staff see it in the held list, and Reprocess (now that the bug is fixed) relays it once.
    const staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'ops@example.org');
    const list = await (await staff.get('/admin/inbound?status=held')).text();
    expect(list).toContain('processing_error');
    poisoned = false;
    const res = await staff.post(`/admin/inbound/${held.id}/reprocess`, {
      _csrf: await staff.csrf(`/admin/inbound/${held.id}`),
    });
    expect(res.status).toBe(303);
    const relayed = await waitFor(
      () =>
        db
          .getRepository(Delivery)
          .findBy({ kind: 'relay', status: 'sent' })
          .then((r) => r.length > 0 && r),
      30_000,
      50,
    );
    expect(relayed).toHaveLength(1);
    expect((await db.getRepository(InboundEmail).findOneByOrFail({ id: held.id })).status).toBe('accepted');
  }, 90_000);
});
