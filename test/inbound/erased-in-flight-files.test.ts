import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { AcceptedRepliesRepository } from '../../src/inbound/accepted-replies.repository';
import { IntakeService } from '../../src/inbound/intake.service';
import { InboundPipelineService } from '../../src/inbound/pipeline/inbound-pipeline.service';
import { BLOB_STORAGE, type BlobStorage } from '../../src/storage/blob-storage';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';

/**
 * An email's files are stored before its message is recorded. When its sender is erased in
 * between, the erasure deletes their inbound mail and the files it knows of, and this email is
 * never recorded: its files must not stay on disk with nothing pointing at them.
 */
describe('the files of an email whose sender is erased while it is processed', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    world = await createPairingWorld(running.app);
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  const withFile = (text: string) =>
    buildEmail({
      from: world.mentee.email,
      to: world.pairing.relayAddress,
      subject: 'My CV',
      text,
      file: { name: 'cv.txt', content: 'Tom, 12 Oak Road' },
    }).raw;

  async function process(text: string, erasedInFlight: boolean): Promise<string> {
    const { id } = await running.app.get(IntakeService).receive({
      source: 'cli',
      raw: Buffer.from(withFile(text)),
      recipient: world.pairing.relayAddress,
      envelopeFrom: null,
    });
    const accepted = running.app.get(AcceptedRepliesRepository);
    const record = accepted.record.bind(accepted);
    const spy = jest.spyOn(accepted, 'record').mockImplementationOnce(async (...args) => {
      // The erasure commits between the files' write and the record.
      if (erasedInFlight) await db.query(`DELETE FROM inbound_emails WHERE id = $1`, [id]);
      return record(...args);
    });
    await running.app.get(InboundPipelineService).processBatch([id]);
    spy.mockRestore();
    return `inbound/${id}/1-cv.txt`;
  }

  const stored = (key: string) =>
    running.app
      .get<BlobStorage>(BLOB_STORAGE)
      .get(key)
      .then(
        () => true,
        () => false,
      );

  it('removes them, and keeps the files of an email that was recorded', async () => {
    const erased = await process('Here is my CV.', true);
    expect(await stored(erased)).toBe(false);
    const kept = await process('Here is my CV again.', false);
    expect(await stored(kept)).toBe(true);
  });
});
