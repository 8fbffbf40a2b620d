import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { IntakeService } from '../../src/inbound/intake.service';
import { InboundPipelineService } from '../../src/inbound/pipeline/inbound-pipeline.service';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { buildEmail } from '../factories/emails';
import { BULK_LIMITS, createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';

const PASS = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };
const FAIL = { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' };

/**
 * One email that reaches us twice with different bytes: SES gives a sending server's retry a new
 * message id, and each copy carries its own Received line, so intake stores both. The partner must
 * get it once. The batches are driven directly (no worker role) to choose what is processed together.
 */
describe('a second delivery of one email', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let pipeline: InboundPipelineService;
  let intake: IntakeService;
  let db: DataSource;
  let sesIds = 0;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
    pipeline = running.app.get(InboundPipelineService);
    intake = running.app.get(IntakeService);
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  /** Stored as SES hands it over: its own SES message id, a Received line of its own, verdicts. */
  const deliver = async (raw: string, hop: string, auth = PASS, from = world.mentee.email) => {
    const receipt = await intake.receive({
      source: 'ses',
      providerMessageId: `ses-${++sesIds}`,
      raw: Buffer.from(`Received: from ${hop} by inbound-smtp.us-east-1.amazonaws.com\r\n${raw}`),
      recipient: world.pairing.relayAddress,
      envelopeFrom: from,
      auth,
    });
    expect(receipt.duplicateOf).toBeNull();
    return receipt.id;
  };

  const email = (text: string, messageId: string, from = world.mentee.email) =>
    buildEmail({ from, to: world.pairing.relayAddress, subject: 'Twice', text, messageId }).raw;

  const rowOf = (id: string) => db.getRepository(InboundEmail).findOneByOrFail({ id });
  const state = async (id: string) => {
    const row = await rowOf(id);
    return [row.status, row.reason, row.duplicateOf];
  };
  const copiesOf = (messageId: string): Promise<{ kind: string; to: string }[]> =>
    db.query(
      `SELECT d.kind, d.to_address AS to FROM deliveries d JOIN messages m ON m.id = d.source_message_id
        WHERE m.pairing_id = $1 AND m.message_id = $2`,
      [world.pairing.id, messageId],
    );
  const noticesTo = (address: string) =>
    db.getRepository(Delivery).countBy({ kind: 'notice', toAddress: address, pairingId: world.pairing.id });

  it('relays the first delivery and records the later one as its duplicate, with no notice', async () => {
    const raw = email('The plan for May, in full.', 'retry-1@example.org');
    const first = await deliver(raw, 'mta-1.example.org');
    await pipeline.processBatch([first]);
    const notices = await noticesTo(world.mentee.email);
    const second = await deliver(raw, 'mta-2.example.org');
    await pipeline.processBatch([second]);

    expect(await state(first)).toEqual(['accepted', 'relayed', null]);
    expect(await state(second)).toEqual(['ignored', 'duplicate', first]);
    expect((await rowOf(second)).detail).toContain(`a second delivery of ${first}`);
    expect(await copiesOf('retry-1@example.org')).toEqual([{ kind: 'relay', to: world.mentor.email }]);
    expect(await noticesTo(world.mentee.email)).toBe(notices);
  });

  it('relays one of two deliveries processed in the same batch', async () => {
    const raw = email('Both copies came at once.', 'retry-2@example.org');
    const first = await deliver(raw, 'mta-1.example.org');
    const second = await deliver(raw, 'mta-2.example.org');
    await pipeline.processBatch([first, second]);

    expect(await state(first)).toEqual(['accepted', 'relayed', null]);
    expect(await state(second)).toEqual(['ignored', 'duplicate', first]);
    expect(await copiesOf('retry-2@example.org')).toHaveLength(1);
  });

  it('relays a resend under the same Message-ID whose text the author changed', async () => {
    const first = await deliver(email('Draft one.', 'resent-1@example.org'), 'mta-1.example.org');
    await pipeline.processBatch([first]);
    const second = await deliver(
      email('Draft one, with the link.', 'resent-1@example.org'),
      'mta-1.example.org',
    );
    await pipeline.processBatch([second]);

    expect(await state(second)).toEqual(['accepted', 'relayed', null]);
  });

  it("relays the partner's email under a Message-ID the mentee's email already carried", async () => {
    const words = 'Same words, same id.';
    const mine = await deliver(email(words, 'shared-1@example.org'), 'mta-1.example.org');
    await pipeline.processBatch([mine]);
    const theirs = await deliver(
      email(words, 'shared-1@example.org', world.mentor.email),
      'mta-1.example.org',
      PASS,
      world.mentor.email,
    );
    await pipeline.processBatch([theirs]);

    expect(await state(theirs)).toEqual(['accepted', 'relayed', null]);
  });

  it('never lets a forged copy that fails authentication suppress the genuine one beside it', async () => {
    const raw = email('The real one.', 'forged-1@example.org');
    const forged = await deliver(raw, 'forger.example.net', FAIL);
    const genuine = await deliver(raw, 'mta-1.example.org');
    await pipeline.processBatch([forged, genuine]);

    expect(await state(forged)).toEqual(['held', 'authentication_failed', null]);
    expect(await state(genuine)).toEqual(['accepted', 'relayed', null]);
  });
});
