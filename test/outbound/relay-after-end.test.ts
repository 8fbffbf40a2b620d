import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { IntakeService } from '../../src/inbound/intake.service';
import { InboundPipelineService } from '../../src/inbound/pipeline/inbound-pipeline.service';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { RelayComposer } from '../../src/outbound/relay/relay.composer';
import { buildEmail } from '../factories/emails';
import { BULK_LIMITS, createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';

/**
 * A relayed copy is composed when it is sent, which can be long after the reply was recorded (an
 * account's sending paused, a transport retrying). By then the pairing may have ended: a copy must
 * not reach someone the programme has separated, after both were told it ended. The copies are
 * recorded with no worker running, and composed directly, as the outbound worker would.
 */
describe('a relayed copy still in the outbox when its pairing ends', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  /** The mentor's reply, recorded; its copy to the mentee waits in the outbox. */
  async function queuedCopy(world: PairingWorld): Promise<Delivery> {
    const { raw } = buildEmail({
      from: world.mentor.email,
      to: world.pairing.relayAddress,
      subject: 'Next week',
      text: 'See you on Tuesday.',
    });
    const { id } = await running.app.get(IntakeService).receive({
      source: 'cli',
      raw: Buffer.from(raw),
      recipient: world.pairing.relayAddress,
      envelopeFrom: null,
    });
    await running.app.get(InboundPipelineService).processBatch([id]);
    return db.getRepository(Delivery).findOneByOrFail({ kind: 'relay', recipientId: world.mentee.id });
  }

  const end = (world: PairingWorld, reason: string, at = 'now()') =>
    db.query(`UPDATE pairings SET status = 'ended', ended_at = ${at}, end_reason = $2 WHERE id = $1`, [
      world.pairing.id,
      reason,
    ]);

  const compose = (delivery: Delivery) => running.app.get(RelayComposer).compose(delivery);

  it('is composed while the pairing is active', async () => {
    const world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
    expect(await compose(await queuedCopy(world))).not.toHaveProperty('skip');
  });

  it.each(['staff', 'rematch'])('is not sent once %s ended the pairing', async (reason) => {
    const world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
    const copy = await queuedCopy(world);
    await end(world, reason);
    expect(await compose(copy)).toEqual({ skip: 'pairing_ended' });
  });

  it('at a planned end, goes if written before the end and not if recorded after it', async () => {
    const before = await createPairingWorld(running.app, { limits: BULK_LIMITS });
    const written = await queuedCopy(before);
    await end(before, 'planned-end');
    expect(await compose(written)).not.toHaveProperty('skip');

    const after = await createPairingWorld(running.app, { limits: BULK_LIMITS });
    const late = await queuedCopy(after);
    await end(after, 'planned-end', "now() - interval '1 minute'");
    expect(await compose(late)).toEqual({ skip: 'pairing_ended' });
  });

  it('is not sent to a recipient erased since', async () => {
    const world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
    const copy = await queuedCopy(world);
    await db.query(`UPDATE participants SET removed_at = now() WHERE id = $1`, [world.mentee.id]);
    expect(await compose(copy)).toEqual({ skip: 'member_gone' });
  });
});
