import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { OutboundPause } from '../../src/outbound/entities/outbound-pause.entity';
import { QUEUES } from '../../src/queues/queue-names';
import { BULK_LIMITS, createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { busiestSecond, mockSes, sesError, type SesCall } from './support/ses-mock';
import { sendAs } from './support/outbound-world';

const MAX_SEND_RATE = 20;

function networkError(code: string): Error {
  return Object.assign(new Error(`read ${code}`), { code });
}

/** Each case's email text carries its marker; SES fails the first call for it with `error`. */
const CASES: { marker: string; error: Error; expected: 'sent' | 'failed' | 'uncertain' }[] = [
  {
    marker: 'case-throttle',
    error: sesError('Throttling', 'Maximum sending rate exceeded.'),
    expected: 'sent',
  },
  { marker: 'case-503', error: sesError('ServiceUnavailable', 'Service unavailable', 503), expected: 'sent' },
  // SES never got the request: sending again is safe.
  { marker: 'case-refused', error: networkError('ECONNREFUSED'), expected: 'sent' },
  // The request went out and no answer came: SES may have it, so staff decide; never sent twice.
  { marker: 'case-reset', error: networkError('ECONNRESET'), expected: 'uncertain' },
  {
    marker: 'case-timeout',
    error: Object.assign(new Error('Request timed out'), { name: 'TimeoutError' }),
    expected: 'uncertain',
  },
  {
    marker: 'case-rejected',
    error: sesError('MessageRejected', 'Message contains a virus'),
    expected: 'failed',
  },
  {
    marker: 'case-unverified',
    error: sesError(
      'MessageRejected',
      'Email address is not verified. The following identities failed the check',
    ),
    expected: 'failed',
  },
  {
    marker: 'case-mailfrom',
    error: sesError('MailFromDomainNotVerifiedException', 'not verified'),
    expected: 'failed',
  },
  {
    marker: 'case-configset',
    error: sesError('ConfigurationSetDoesNotExistException', 'no such set'),
    expected: 'failed',
  },
];

describe('the outbox sending through SES (aws-sdk-client-mock)', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let db: DataSource;
  let queue: Queue;
  const failedOnce = new Set<string>();
  let pauseDaily = false;
  let stormFailEvery = 0;
  const ses = mockSes((call, n) => {
    if (pauseDaily && call.raw.includes('case-daily')) {
      pauseDaily = false;
      return sesError('Throttling', 'Daily message quota exceeded.');
    }
    if (stormFailEvery && call.raw.includes('storm-') && n % stormFailEvery === 0) {
      return sesError('Throttling', 'Maximum sending rate exceeded.');
    }
    const c = CASES.find((x) => call.raw.includes(x.marker));
    if (c && !failedOnce.has(c.marker)) {
      failedOnce.add(c.marker);
      return c.error;
    }
    return undefined;
  });

  const deliveryFor = async (marker: string): Promise<Delivery | null> => {
    const rows = (await db.query(
      `SELECT d.id FROM deliveries d JOIN messages m ON m.id = d.source_message_id WHERE m.new_text LIKE $1`,
      [`%${marker}%`],
    )) as { id: string }[];
    return rows[0] ? db.getRepository(Delivery).findOneBy({ id: rows[0].id }) : null;
  };
  const callsFor = (d: Delivery): SesCall[] => ses.calls.filter((c) => c.messageId === d.messageId);

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({
      ROLES: 'worker',
      MAIL_TRANSPORT: 'ses',
      AWS_REGION: 'eu-west-1',
      SES_MAX_SEND_RATE: String(MAX_SEND_RATE),
      SEND_PAUSE_MS: '1500',
    });
    world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
    db = running.app.get(DataSource);
    queue = running.app.get<Queue>(getQueueToken(QUEUES.outbound));
  }, 60_000);

  afterAll(async () => {
    ses.mock.restore();
    await env.destroy();
  }, 60_000);

  it('retries transient errors, fails permanent ones and leaves unanswered ones uncertain, with the reason recorded', async () => {
    for (const c of CASES) await sendAs(running.app, world, 'mentee', `Hello (${c.marker}).`);
    for (const c of CASES) {
      const d = await waitFor(async () => {
        const row = await deliveryFor(c.marker);
        return row && ['sent', 'failed', 'uncertain'].includes(row.status) ? row : null;
      }, 30_000);
      expect({ marker: c.marker, status: d.status }).toEqual({ marker: c.marker, status: c.expected });
      const calls = callsFor(d);
      if (c.expected === 'sent') {
        // One failed call, one that went through; the SES id is recorded with SES's wire id.
        expect(calls.map((x) => x.outcome)).toEqual([c.error.name, 'sent']);
        expect(d.transportId).toMatch(/^ses-/);
        expect(d.providerMessageId).toBe(`${d.transportId}@eu-west-1.amazonses.com`);
        // Our own id stays in References, so a reply citing either id threads.
        const unfolded = calls[1].raw.replace(/\r\n[ \t]+/g, ' ');
        expect(/^References:(.*)$/im.exec(unfolded)?.[1]).toContain(`<${d.messageId}>`);
        expect(calls[1].destination).toBe(world.mentor.email);
      } else {
        expect(calls).toHaveLength(1);
        expect(d.reason).toContain(c.error.message.slice(0, 20));
        expect(d.transportId).toBeNull();
        // Discarded: Bull does not try again.
        const job = await queue.getJob(`delivery:${d.id}`);
        expect(await job?.getState()).toBe('failed');
        expect(job?.attemptsMade).toBe(1);
      }
    }
  }, 90_000);

  it('pauses all sending on "daily message quota exceeded", keeps the delivery queued, and resumes', async () => {
    pauseDaily = true;
    await sendAs(running.app, world, 'mentee', 'Quota day (case-daily).');
    const paused = await waitFor(
      async () => db.getRepository(OutboundPause).findOneBy({ name: QUEUES.outbound }),
      20_000,
    );
    expect(paused.reason).toContain('Daily message quota exceeded');
    expect(await queue.isPaused()).toBe(true);
    const during = await deliveryFor('case-daily');
    expect(during?.status).toBe('queued');
    // A message arriving during the pause waits too, and nothing is lost.
    await sendAs(running.app, world, 'mentor', 'Written while paused (case-during-pause).');
    const sent = await waitFor(async () => {
      const [a, b] = await Promise.all([deliveryFor('case-daily'), deliveryFor('case-during-pause')]);
      return a?.status === 'sent' && b?.status === 'sent' ? [a, b] : null;
    }, 30_000);
    expect(callsFor(sent[0]).map((c) => c.outcome)).toEqual(['Throttling', 'sent']);
    expect(callsFor(sent[1]).map((c) => c.outcome)).toEqual(['sent']);
    expect(await queue.isPaused()).toBe(false);
    expect(await db.getRepository(OutboundPause).countBy({ name: QUEUES.outbound })).toBe(0);
  }, 60_000);

  it('in a throttling storm, sends every email exactly once and never beyond the rate', async () => {
    const COUNT = 60;
    // Jobs pile up while the queue is paused, then all become due at once.
    await queue.pause();
    for (let i = 0; i < COUNT; i++)
      await sendAs(running.app, world, i % 2 ? 'mentor' : 'mentee', `Storm storm-${i} !`);
    await waitFor(async () => {
      const rows = (await db.query(
        `SELECT count(*)::int AS n FROM deliveries d JOIN messages m ON m.id = d.source_message_id
         WHERE m.new_text LIKE '%storm-%' AND d.status = 'queued'`,
      )) as { n: number }[];
      return rows[0].n === COUNT;
    }, 60_000);
    const before = ses.calls.length;
    stormFailEvery = 3;
    await queue.resume();
    const done = await waitFor(async () => {
      const rows = (await db.query(
        `SELECT d.status, d.message_id FROM deliveries d JOIN messages m ON m.id = d.source_message_id
         WHERE m.new_text LIKE '%storm-%'`,
      )) as { status: string; message_id: string }[];
      return rows.every((r) => r.status === 'sent') ? rows : null;
    }, 90_000);
    const calls = ses.calls.slice(before);
    const sent = calls.filter((c) => c.outcome === 'sent');
    expect(calls.filter((c) => c.outcome === 'Throttling').length).toBeGreaterThan(COUNT / 5);
    expect(sent).toHaveLength(COUNT);
    expect(new Set(sent.map((c) => c.messageId)).size).toBe(COUNT);
    expect(new Set(done.map((r) => r.message_id))).toEqual(new Set(sent.map((c) => c.messageId)));
    const busiest = busiestSecond(calls.map((c) => c.at));
    expect(busiest).toBeLessThanOrEqual(MAX_SEND_RATE);
    // And the limiter is what held it back: at least half the allowed rate was used.
    expect(busiest).toBeGreaterThanOrEqual(MAX_SEND_RATE / 2);
  }, 150_000);
});
