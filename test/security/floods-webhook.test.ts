import { DataSource } from 'typeorm';
import { LogsService } from '../../src/admin/services/logs.service';
import type { RunningApp } from '../../src/bootstrap';
import { SNS_VERIFIER } from '../../src/inbound/ses/ses-inbound.service';
import { buildEmail } from '../factories/emails';
import { createPairingWorld } from '../factories/pairing.factory';
import {
  buildSesInboundSnsAction,
  makeSnsSigner,
  verifierFor,
  type SnsSigner,
} from '../factories/sns-signer';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60_000);

/**
 * Issue #11: SES has accepted the mail already, so the webhook door cannot refuse a flood: past
 * the sender limit each email is stored and held (not relayed, not lost) until staff release it.
 */
describe('a flood through the SES webhook', () => {
  let env: TestEnv;
  let running: RunningApp;
  let signer: SnsSigner;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    signer = await makeSnsSigner();
    running = await env.start({ SNS_TOPIC_ARNS: signer.topicArn }, [[SNS_VERIFIER, verifierFor(signer)]]);
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  const rows = (sql: string, values: unknown[]) =>
    db.query(sql, values) as Promise<Record<string, unknown>[]>;

  /** One email from `from` to `relay` through the webhook, as SES would notify it. */
  async function postFromSes(from: string, relay: string, i: number, verdicts?: 'FAIL'): Promise<void> {
    const email = buildEmail({ from, to: relay, subject: `Webhook flood ${i}`, text: `Flood ${i}` });
    const notification = buildSesInboundSnsAction({
      raw: email.raw,
      messageId: `ses-flood-${relay}-${i}`,
      recipients: [relay],
      source: from,
    });
    if (verdicts) {
      const receipt = notification.receipt as Record<string, unknown>;
      for (const key of ['spfVerdict', 'dkimVerdict', 'dmarcVerdict']) receipt[key] = { status: verdicts };
    }
    const res = await fetch(`${running.httpUrl}/webhooks/ses/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' },
      body: JSON.stringify(signer.sign(JSON.stringify(notification), 2)),
    });
    expect(res.status).toBe(200);
  }

  const settledRows = (relay: string, total: number) =>
    waitFor(async () => {
      const r = await rows(
        `SELECT id, status, reason, raw IS NOT NULL AS kept FROM inbound_emails
          WHERE recipient = $1 ORDER BY received_at`,
        [relay],
      );
      return r.length === total && r.every((x) => x.status !== 'received') ? r : null;
    });

  it('holds every email over the limit with its raw mail, relays none of them, and relays one staff release', async () => {
    const world = await createPairingWorld(running.app);
    const limit = world.programme.senderLimit;
    const total = limit + 5;
    for (let i = 0; i < total; i++) await postFromSes(world.mentee.email, world.pairing.relayAddress, i);
    const settled = await settledRows(world.pairing.relayAddress, total);
    expect(settled.slice(0, limit).every((r) => r.status === 'accepted')).toBe(true);
    const heldRows = settled.slice(limit);
    expect(heldRows.every((r) => r.status === 'held' && r.reason === 'rate_limited' && r.kept)).toBe(true);
    const relays = () =>
      rows(`SELECT count(*)::int AS n FROM deliveries WHERE pairing_id = $1 AND kind = 'relay'`, [
        world.pairing.id,
      ]);
    expect((await relays())[0].n).toBe(limit);

    await running.app.get(LogsService).release(heldRows[0].id as string, 'staff-test');
    await waitFor(async () => (await relays())[0].n === limit + 1);
    const [released] = await rows(`SELECT status, reason FROM inbound_emails WHERE id = $1`, [
      heldRows[0].id,
    ]);
    expect(released).toEqual({ status: 'accepted', reason: 'relayed' });
  });

  it('a release from a flood hold vouches for nothing else: mail that fails authentication is then held for that', async () => {
    const world = await createPairingWorld(running.app);
    const limit = world.programme.senderLimit;
    for (let i = 0; i < limit; i++) await postFromSes(world.mentee.email, world.pairing.relayAddress, i);
    await postFromSes(world.mentee.email, world.pairing.relayAddress, limit, 'FAIL');
    const settled = await settledRows(world.pairing.relayAddress, limit + 1);
    const forged = settled[limit];
    expect([forged.status, forged.reason]).toEqual(['held', 'rate_limited']);

    await running.app.get(LogsService).release(forged.id as string, 'staff-test');
    const after = await waitFor(async () => {
      const [r] = await rows(`SELECT status, reason FROM inbound_emails WHERE id = $1`, [forged.id]);
      return r.status === 'received' ? null : r;
    });
    expect(after).toEqual({ status: 'held', reason: 'authentication_failed' });
  });
});
