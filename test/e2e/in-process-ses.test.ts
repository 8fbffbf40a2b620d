import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { QUEUES } from '../../src/queues/queue-names';
import { buildEmail } from '../factories/emails';
import { BULK_LIMITS, createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { mockSes } from '../outbound/support/ses-mock';
import { inject } from '../outbound/support/outbound-world';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/**
 * JOB_HANDOFF=in-process with SES: a pilot sending through SES hands a reply's copies to its own
 * sender without Bull, and SendPacer still holds them to the account's rate (the sandbox's one a
 * second here: 80 % of it is one call per 1.25 s).
 */
describe('in-process hand-off through SES', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  const ses = mockSes(() => undefined);

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({
      JOB_HANDOFF: 'in-process',
      MAIL_TRANSPORT: 'ses',
      AWS_REGION: 'eu-west-1',
      SES_MAX_SEND_RATE: '1',
      RECOVERY_INTERVAL_MS: '3600000',
    });
    world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
  }, 60_000);

  afterAll(async () => {
    ses.mock.restore();
    await env.destroy();
  }, 60_000);

  it('sends each copy once without a Bull job, one call per window', async () => {
    const db = running.app.get(DataSource);
    const started = Date.now();
    const ids: string[] = [];
    for (const text of ['First.', 'Second.', 'Third.']) {
      const { raw } = buildEmail({ from: world.mentee.email, to: world.pairing.relayAddress, text });
      ids.push((await inject(running.app, raw, world.mentee.email, world.pairing.relayAddress)).id);
    }
    const relays = await waitFor(async () => {
      const rows = (await db.query(
        `SELECT d.id, d.status, d.message_id AS "messageId" FROM deliveries d
           JOIN messages m ON m.id = d.source_message_id
          WHERE m.inbound_email_id = ANY($1::uuid[]) AND d.kind = 'relay'`,
        [ids],
      )) as { id: string; status: string; messageId: string }[];
      return rows.length === 3 && rows.every((r) => r.status === 'sent') ? rows : null;
    }, 30_000);
    const calls = ses.calls.filter((c) => relays.some((r) => r.messageId === c.messageId));
    expect(calls.map((c) => c.destination)).toEqual(Array(3).fill(world.mentor.email));
    const outbound = running.app.get<Queue>(getQueueToken(QUEUES.outbound));
    for (const r of relays) expect(await outbound.getJob(`delivery:${r.id}`)).toBeNull();
    // Admitted on Redis's clock no earlier than this test began: the third of three calls, at one
    // per 1.25 s, waits for two windows to pass.
    expect(Math.max(...calls.map((c) => c.at)) - started).toBeGreaterThanOrEqual(2 * 1250);
  }, 60_000);
});
