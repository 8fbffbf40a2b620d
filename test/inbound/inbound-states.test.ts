import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { IntakeService, type IntakeRequest } from '../../src/inbound/intake.service';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { LogsService } from '../../src/admin/services/logs.service';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const CHECK_FIXTURES = join(__dirname, '../fixtures/emails/checks');

/** Every check of intake ends an email in one recorded state with its named reason. */
describe('inbound states', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let ended: PairingWorld;
  let intake: IntakeService;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api,worker', INBOUND_MAX_BYTES: String(64 * 1024) });
    world = await createPairingWorld(running.app);
    ended = await createPairingWorld(running.app, { programme: world.programme });
    await running.app.get(ProgramsService).setPairingStatus(ended.pairing.id, 'ended');
    intake = running.app.get(IntakeService);
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  async function outcome(req: Partial<Omit<IntakeRequest, 'raw'>> & { raw: Buffer | string }) {
    const receipt = await intake.receive({
      source: 'cli',
      recipient: world.pairing.relayAddress,
      envelopeFrom: null,
      ...req,
      raw: Buffer.from(req.raw),
    });
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ id: receipt.id });
      return row && row.status !== 'received' ? row : null;
    });
  }

  const fromMentee = (extra: Parameters<typeof buildEmail>[0] extends infer T ? Partial<T> : never = {}) =>
    buildEmail({ from: world.mentee.email, to: world.pairing.relayAddress, text: 'Real words.', ...extra })
      .raw;

  it('accepts and relays an ordinary reply', async () => {
    const row = await outcome({ raw: fromMentee() });
    expect([row.status, row.reason]).toEqual(['accepted', 'relayed']);
  });

  it('records a duplicate once and points at the original', async () => {
    const raw = fromMentee({ text: 'Only once please' });
    const first = await outcome({ raw });
    const second = await outcome({ raw });
    expect([second.status, second.reason, second.duplicateOf]).toEqual(['ignored', 'duplicate', first.id]);
  });

  it('tells a member whose reply had no new text what to do', async () => {
    const row = await outcome({
      raw: fromMentee({ text: '> just the quote\n> nothing else', subject: 'Only quote' }),
    });
    expect(row.reason).toBe('empty');
    const notices = await db
      .getRepository(Delivery)
      .findBy({ kind: 'notice', toAddress: world.mentee.email });
    expect(notices.filter((n) => n.payload?.inboundEmailId === row.id)).toHaveLength(1);
  });

  it.each([
    ['malformed', () => 'garbage without headers', 'rejected'],
    ['too_large', () => fromMentee({ text: 'x'.repeat(70 * 1024) }), 'rejected'],
    ['delivery_report', () => readFileSync(join(CHECK_FIXTURES, 'bounce-postfix-failed.eml')), 'bounce'],
    ['loop', () => fromMentee({ headers: { 'X-MentorMail-Loop': 'relay.localhost' } }), 'ignored'],
    [
      'auto_generated',
      () => fromMentee({ subject: 'Automatic reply: Hello', headers: { 'Auto-Submitted': 'auto-replied' } }),
      'ignored',
    ],
    [
      'unknown_sender',
      () => buildEmail({ from: 'someone@else.example', to: world.pairing.relayAddress }).raw,
      'rejected',
    ],
    ['empty', () => fromMentee({ text: '> only a quote\n> of an earlier message' }), 'rejected'],
  ])('%s', async (reason, raw, status) => {
    const row = await outcome({ raw: raw() });
    expect([row.status, row.reason]).toEqual([status, reason]);
  });

  it('unknown_recipient', async () => {
    const row = await outcome({ raw: fromMentee(), recipient: 'nobody-zzz@relay.localhost' });
    expect([row.status, row.reason]).toEqual(['rejected', 'unknown_recipient']);
  });

  it('pairing_not_active, with one notice to the member (and only one a day)', async () => {
    const raw = () =>
      buildEmail({ from: ended.mentee.email, to: ended.pairing.relayAddress, text: 'Hello?' }).raw;
    const row = await outcome({ raw: raw(), recipient: ended.pairing.relayAddress });
    expect([row.status, row.reason]).toEqual(['rejected', 'pairing_not_active']);
    await outcome({ raw: raw(), recipient: ended.pairing.relayAddress });
    const notices = await db
      .getRepository(Delivery)
      .findBy({ kind: 'notice', toAddress: ended.mentee.email });
    expect(notices).toHaveLength(1);
    expect(notices[0].payload).toMatchObject({ reason: 'pairing_not_active' });
  });

  it('authentication_failed holds SES mail whose DMARC failed, and sends no notice', async () => {
    const row = await outcome({
      source: 'ses',
      raw: fromMentee({ text: 'Forged?' }),
      envelopeFrom: world.mentee.email,
      providerMessageId: 'ses-auth-1',
      auth: { spf: 'fail', dkim: 'fail', dmarc: 'fail' },
    });
    expect([row.status, row.reason]).toEqual(['held', 'authentication_failed']);
    const notices = await db
      .getRepository(Delivery)
      .findBy({ kind: 'notice', toAddress: world.mentee.email });
    expect(notices.filter((n) => n.payload?.inboundEmailId === row.id)).toEqual([]);

    // Staff release it: every other check runs again, the hold does not, and it is relayed.
    await running.app.get(LogsService).release(row.id, '00000000-0000-4000-8000-000000000001');
    const released = await waitFor(async () => {
      const r = await db.getRepository(InboundEmail).findOneBy({ id: row.id });
      return r && r.status !== 'received' ? r : null;
    });
    expect([released.status, released.reason]).toEqual(['accepted', 'relayed']);
    expect(released.auth).toMatchObject({ dmarc: 'fail', verdict: 'hold' });
    await expect(running.app.get(LogsService).release(row.id, 'x')).rejects.toThrow(/Only emails held/);
  });
});
