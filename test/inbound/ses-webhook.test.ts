import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { INBOUND_S3_CLIENT, SNS_VERIFIER } from '../../src/inbound/ses/ses-inbound.service';
import { SnsVerifier } from '../../src/inbound/ses/sns-verifier';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import {
  buildSesInboundS3Action,
  buildSesInboundSnsAction,
  makeSnsSigner,
  type SnsSigner,
} from '../factories/sns-signer';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

function flipFirstBit(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] ^= 1;
  return bytes.toString('base64');
}

describe('SES receiving through SNS', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let other: PairingWorld;
  let signer: SnsSigner;
  let db: DataSource;
  const s3 = mockClient(S3Client);

  beforeAll(async () => {
    env = await TestEnv.create();
    signer = await makeSnsSigner();
    const verifier = new SnsVerifier({
      allowedTopicArns: [signer.topicArn],
      fetchCertificate: signer.fetchCertificate,
    });
    running = await env.start({ SNS_TOPIC_ARNS: signer.topicArn }, [
      [SNS_VERIFIER, verifier],
      [INBOUND_S3_CLIENT, new S3Client({ region: 'us-east-1' })],
    ]);
    world = await createPairingWorld(running.app);
    other = await createPairingWorld(running.app, { programme: world.programme });
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    s3.restore();
    await env.destroy();
  });

  const post = (body: unknown) =>
    fetch(`${running.httpUrl}/webhooks/ses/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' },
      body: JSON.stringify(body),
    });

  const settled = (ids: string[]) =>
    waitFor(async () => {
      const rows = await db.getRepository(InboundEmail).findBy(ids.map((id) => ({ id })));
      return rows.length === ids.length && rows.every((r) => r.status !== 'received') ? rows : null;
    });

  it('stores, dedupes five deliveries of one notification into one message and one relay', async () => {
    const email = buildEmail({ from: world.mentee.email, to: world.pairing.relayAddress, text: 'Via SES!' });
    const notification = buildSesInboundSnsAction({
      raw: email.raw,
      encoding: 'BASE64',
      messageId: 'ses-dup-1',
      recipients: [world.pairing.relayAddress],
      source: world.mentee.email,
    });
    const envelope = signer.sign(JSON.stringify(notification), 2);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(envelope);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { ids: string[] };
      ids.push(...body.ids);
    }
    const rows = await settled(ids);
    expect(rows.filter((r) => r.status === 'accepted')).toHaveLength(1);
    expect(rows.filter((r) => r.reason === 'duplicate')).toHaveLength(4);
    const deliveries = await waitFor(async () => {
      const d = await db.getRepository(Delivery).findBy({ pairingId: world.pairing.id });
      return d.length && d.every((x) => x.status === 'sent') ? d : null;
    });
    expect(deliveries).toHaveLength(1);
  });

  it('makes two messages of one email sent to two relay addresses', async () => {
    const email = buildEmail({
      from: world.mentee.email,
      to: world.pairing.relayAddress,
      text: 'Two pairings',
    });
    const notification = buildSesInboundSnsAction({
      raw: email.raw,
      messageId: 'ses-two-1',
      recipients: [world.pairing.relayAddress, other.pairing.relayAddress],
      source: world.mentee.email,
    });
    const res = await post(signer.sign(JSON.stringify(notification), 1));
    expect(res.status).toBe(200);
    const { ids } = (await res.json()) as { ids: string[] };
    const rows = await settled(ids);
    expect(rows.map((r) => r.recipient).sort()).toEqual(
      [world.pairing.relayAddress, other.pairing.relayAddress].sort(),
    );
    // The mentee belongs to the first pairing only: one relayed, one recorded as unknown sender.
    expect(rows.map((r) => `${r.status}:${r.reason}`).sort()).toEqual([
      'accepted:relayed',
      'rejected:unknown_sender',
    ]);
  });

  it('fetches mail over 150 KB from S3 (the S3 action) and holds it when SES says DMARC failed', async () => {
    const email = buildEmail({
      from: world.mentor.email,
      to: world.pairing.relayAddress,
      text: `Long letter\n${'lorem ipsum '.repeat(20000)}`,
    });
    s3.on(GetObjectCommand, { Bucket: 'inbound-bucket', Key: 'mail/ses-s3-1' }).resolves({
      ContentLength: Buffer.byteLength(email.raw),
      Body: Readable.from([Buffer.from(email.raw)]) as never,
    });
    const notification = buildSesInboundS3Action({
      bucket: 'inbound-bucket',
      key: 'mail/ses-s3-1',
      messageId: 'ses-s3-1',
      recipients: [world.pairing.relayAddress],
      source: world.mentor.email,
    });
    const res = await post(signer.sign(JSON.stringify(notification), 2));
    expect(res.status).toBe(200);
    const { ids } = (await res.json()) as { ids: string[] };
    const [row] = await settled(ids);
    // This fixture carries SES's own verdicts: SPF FAIL, DKIM PASS, DMARC FAIL.
    expect(row.status).toBe('held');
    expect(row.reason).toBe('authentication_failed');
    expect(row.auth).toMatchObject({ spf: 'fail', dkim: 'pass', dmarc: 'fail', verdict: 'hold' });
    expect(row.size).toBeGreaterThan(150 * 1024);
    expect(row.raw?.toString('utf8')).toContain('Long letter');
  });

  it.each([
    [
      'Message',
      (e: Record<string, string>) => ({ ...e, Message: e.Message.replace('ses-tamper', 'ses-tampeR') }),
    ],
    ['TopicArn', (e: Record<string, string>) => ({ ...e, TopicArn: `${e.TopicArn}x` })],
    // Flip one bit of the decoded signature: overwriting a character with a fixed one left the
    // signature unchanged whenever it already began with that character (1 run in 64).
    ['Signature', (e: Record<string, string>) => ({ ...e, Signature: flipFirstBit(e.Signature) })],
    [
      'SigningCertURL',
      (e: Record<string, string>) => ({
        ...e,
        SigningCertURL: e.SigningCertURL.replace('amazonaws.com', 'amazonaws.com.evil.example'),
      }),
    ],
  ])('answers 403 to a tampered %s and writes nothing', async (_field, tamper) => {
    const before = await db.getRepository(InboundEmail).count();
    const email = buildEmail({ from: world.mentee.email, to: world.pairing.relayAddress });
    const notification = buildSesInboundSnsAction({
      raw: email.raw,
      messageId: 'ses-tamper',
      recipients: [world.pairing.relayAddress],
    });
    const envelope = signer.sign(JSON.stringify(notification), 2) as unknown as Record<string, string>;
    const res = await post(tamper(envelope));
    expect(res.status).toBe(403);
    expect(await db.getRepository(InboundEmail).count()).toBe(before);
  });
});
