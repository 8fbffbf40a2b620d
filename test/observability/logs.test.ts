import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { logAddress } from '../../src/common/log-address';
import { AppConfig } from '../../src/config/app-config';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { SuppressionService } from '../../src/outbound/feedback/suppression.service';
import { QUEUES } from '../../src/queues/queue-names';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { sendAs, settled } from '../outbound/support/outbound-world';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

type LogRecord = Record<string, unknown> & { msg?: string };

/**
 * What the service writes on stdout: JSON lines, the ids of what a line is about as fields, and
 * no participant's address in clear. The app is the first this file builds: it sets the process's
 * logger (nestjs-pino keeps one per process).
 */
describe('structured logs', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let secret: string;
  const written: string[] = [];
  let write: jest.SpyInstance;

  beforeAll(async () => {
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    env = await TestEnv.create();
    running = await env.start({ LOG_LEVEL: 'log' });
    world = await createPairingWorld(running.app);
    secret = running.app.get(AppConfig).env.APP_SECRET;
  });

  afterAll(async () => {
    await env.destroy();
    write.mockRestore();
  });

  /** Every line written so far; JSON.parse throws on one that is not JSON. */
  const records = (): LogRecord[] =>
    written
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogRecord);

  const find = (msg: string, fields: Record<string, unknown>) =>
    records().find((r) => r.msg === msg && Object.entries(fields).every(([k, v]) => r[k] === v));

  it('follows a relayed email by its ids, with no address in clear', async () => {
    const email = await sendAs(running.app, world, 'mentee', 'Hello, a first message.');
    const db = running.app.get(DataSource);
    await settled(db, 1);
    const inbound = await db.getRepository(InboundEmail).findOneByOrFail({ messageId: email.messageId });
    const [delivery] = await db.getRepository(Delivery).findBy({ kind: 'relay' });

    expect(find('inbound email received', { inboundId: inbound.id })).toMatchObject({
      level: 'info',
      context: 'IntakeService',
      source: 'cli',
    });
    expect(find('inbound email accepted (relayed)', { inboundId: inbound.id })).toMatchObject({
      pairingId: world.pairing.id,
      status: 'accepted',
      reason: 'relayed',
    });
    expect(find('delivery sent', { deliveryId: delivery.id })).toMatchObject({
      inboundId: inbound.id,
      pairingId: world.pairing.id,
      kind: 'relay',
      transport: 'file',
    });
    const text = written.join('').toLowerCase();
    for (const address of [world.mentee.email, world.mentor.email]) {
      expect(text).not.toContain(address.toLowerCase());
      expect(text).not.toContain(`@${address.split('@')[1]}`);
    }
  });

  it('masks an address that reaches a line inside another text', async () => {
    const address = world.mentor.email;
    await running.app
      .get(SuppressionService)
      .suppress(address, `permanent bounce (General): 550 5.1.1 <${address}> unknown`, 'staff');
    const line = records().find((r) => r.msg === 'address suppressed: nothing more is sent to it');
    expect(line).toMatchObject({
      address: logAddress(address, secret),
      reason: `permanent bounce (General): 550 5.1.1 <${logAddress(address, secret)}> unknown`,
    });
    expect(written.join('')).not.toContain(address);
  });

  it('logs a failed Bull job with its queue, ids, attempts and error', async () => {
    const queue = running.app.get<Queue>(getQueueToken(QUEUES.inbound));
    const inboundEmailId = '00000000-0000-4000-8000-000000000001';
    await queue.add('no-such-job', { inboundEmailId }, { jobId: 'logs-test:1', attempts: 1 });
    const line = await waitFor(() => find('job failed (attempt 1 of 1)', { jobId: 'logs-test:1' }));
    expect(line).toMatchObject({
      level: 'warn',
      context: 'Queues',
      queue: 'inbound',
      job: 'no-such-job',
      inboundId: inboundEmailId,
      attemptsMade: 1,
      attempts: 1,
      err: { message: 'Missing process handler for job type no-such-job' },
    });
  });
});
