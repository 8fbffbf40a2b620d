import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import {
  MAIL_TRANSPORT,
  type MailTransport,
  type HandOver,
  type RawOutgoingEmail,
} from '../../src/outbound/transports/mail-transport';
import { BULK_LIMITS, createPairingWorld } from '../factories/pairing.factory';
import { REDIS_URL, startUpSettings, TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { sendAs, settled } from './support/outbound-world';

const COUNT = 24;

function lines(file: string, kind: 'sent' | 'hang'): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(`${kind} `))
    .map((l) => l.slice(kind.length + 1));
}

describe('a worker killed in the middle of sending', () => {
  let env: TestEnv;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    env = await TestEnv.create();
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await env.destroy();
  }, 60_000);

  it('sends nothing twice, and what is unknown becomes uncertain', async () => {
    // The door only stores mail; the child process is the one worker.
    const door = await env.start({ ROLES: 'smtp' });
    // 24 alternating emails in seconds is a loop to the loop breaker: limits out of the way here.
    const world = await createPairingWorld(door.app, { limits: BULK_LIMITS });
    for (let i = 0; i < COUNT; i++)
      await sendAs(door.app, world, i % 2 ? 'mentor' : 'mentee', `Crash test ${i}.`);

    const log = path.join(tmpdir(), `mm-crash-${process.pid}-${Date.now()}.log`);
    child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'support/hanging-worker.ts')],
      {
        cwd: path.resolve(__dirname, '../..'),
        env: {
          ...process.env,
          NODE_ENV: 'test',
          ROLES: 'worker',
          DATABASE_URL: env.databaseUrl,
          REDIS_URL,
          QUEUE_PREFIX: env.queuePrefix,
          MAIL_TRANSPORT: 'ses',
          AWS_REGION: 'eu-west-1',
          SES_MAX_SEND_RATE: '1000',
          OUTBOX_DIR: env.outboxDir,
          STORAGE_DIR: env.storageDir,
          LOG_LEVEL: 'error',
          // As every app TestEnv starts: no offload thread, the run's compiled templates.
          ...startUpSettings(),
          SEND_LOG: log,
          SEND_OK: '5',
          // Its locks on the jobs it holds lapse 2 s after the kill instead of Bull's 30 s.
          JOB_LOCK_MS: '2000',
        },
        stdio: 'ignore',
      },
    );
    // Kill it once some sends succeeded and others are hanging inside SES.
    await waitFor(() => lines(log, 'sent').length >= 5 && lines(log, 'hang').length >= 3, 90_000, 50);
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    const childSent = lines(log, 'sent');
    const childHung = lines(log, 'hang');

    // A new worker, with a transport that records what it is handed.
    const worker = await env.start({
      ROLES: 'worker',
      SEND_LEASE_MS: '1000',
      RECOVERY_INTERVAL_MS: '300',
      JOB_LOCK_MS: '2000',
    });
    const transport = worker.app.get<MailTransport>(MAIL_TRANSPORT);
    const handed: string[] = [];
    const send = transport.send.bind(transport);
    transport.send = (email: RawOutgoingEmail, handOver: HandOver) => {
      handed.push(email.messageId);
      return send(email, handOver);
    };
    const db = worker.app.get(DataSource);
    // Jobs the child held stay `active` until its lock lapses and a stall check hands them back
    // (within about 2 x JOB_LOCK_MS); only then can the rest finish. With Bull's 30 s default this
    // wait was 30 to 90 s whenever the child held jobs that rows still waited for.
    const restarted = Date.now();
    const deliveries = await settled(db, COUNT, 150_000);
    expect(Date.now() - restarted).toBeLessThan(30_000);
    const byMessageId = new Map(deliveries.map((d) => [d.messageId, d]));

    // Each email went out at most once, across both processes.
    const everySend = [...childSent, ...handed];
    expect(new Set(everySend).size).toBe(everySend.length);
    // What hung inside SES was never sent again: whether SES got it is unknown, so staff decide.
    for (const id of childHung) {
      expect(handed).not.toContain(id);
      expect(byMessageId.get(id)?.status).toBe('uncertain');
    }
    expect(
      deliveries
        .filter((d) => d.status === 'uncertain')
        .map((d) => d.messageId)
        .sort(),
    ).toEqual(expect.arrayContaining([...childHung].sort()));
    // Everything else was delivered: by the child (recorded) or by the new worker.
    for (const d of deliveries.filter((x) => x.status !== 'uncertain')) {
      expect(d.status).toBe('sent');
      expect(childSent.includes(d.messageId) || handed.includes(d.messageId)).toBe(true);
    }
    expect(handed.length).toBeGreaterThan(0);
    const uncertain = await db.getRepository(Delivery).findBy({ status: 'uncertain' });
    expect(
      uncertain.every((d) => d.reason === 'worker stopped while sending' && d.transportId === null),
    ).toBe(true);
  }, 300_000);
});
