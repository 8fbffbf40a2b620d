import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { IntakeService } from '../../src/inbound/intake.service';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/**
 * Issue #11, two From addresses and the null sender: neither can pass a forger off as a member.
 * Each email goes over real SMTP into the listener and must end anywhere but `accepted`.
 */
describe('impersonation: From and envelope', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let port: number;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'worker,smtp' });
    world = await createPairingWorld(running.app);
    port = running.app.get(SmtpListener).port!;
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  /** Sends over SMTP and returns the recorded row once a check has decided it. */
  const outcome = async (mailFrom: string, raw: string) => {
    // Found by the intake's own key: a malformed email has no parsed Message-ID to look for.
    const dedupeKey = IntakeService.dedupeKey({
      raw: Buffer.from(raw),
      recipient: world.pairing.relayAddress,
      source: 'smtp',
    });
    const sent = await SmtpTestClient.sendOnce(port, {
      from: mailFrom,
      to: [world.pairing.relayAddress],
      raw,
    });
    expect(sent.data?.code).toBe(250);
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ dedupeKey });
      return row && row.status !== 'received' ? row : null;
    });
  };

  /** A message as the forger writes it: the member's From, any extra header lines first. */
  const forged = (headers: string[], text = 'Please send me your home address.') =>
    [
      ...headers,
      `To: <${world.pairing.relayAddress}>`,
      'Subject: Quick question',
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <${randomBytes(8).toString('hex')}@attacker.example>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      '',
    ].join('\r\n');

  it('refuses two From headers as malformed', async () => {
    const raw = forged([`From: <${world.mentee.email}>`, 'From: <mallory@attacker.example>']);
    const row = await outcome(world.mentee.email, raw);
    expect([row.status, row.reason, row.detail]).toEqual(['rejected', 'malformed', '2 From headers']);
  });

  it('refuses a From with two addresses as malformed', async () => {
    const raw = forged([`From: <${world.mentee.email}>, <mallory@attacker.example>`]);
    const row = await outcome(world.mentee.email, raw);
    expect([row.status, row.reason, row.detail]).toEqual(['rejected', 'malformed', '2 addresses in From']);
  });

  it('never relays mail with the null sender as the member’s, even with a well-formed From', async () => {
    const raw = buildEmail({ from: world.mentee.email, to: world.pairing.relayAddress, text: 'Hi!' }).raw;
    const row = await outcome('', raw);
    expect([row.status, row.reason]).toEqual(['bounce', 'delivery_report']);
    expect(row.envelopeFrom).toBe('');
    expect(row.detail).toMatch(/null sender/);
  });

  it('never relays an auto-reply that has the null sender but no RFC 3834 headers', async () => {
    const raw = buildEmail({
      from: world.mentee.email,
      to: world.pairing.relayAddress,
      subject: 'Re: Hello',
      text: 'Thanks for your email. I will get back to you soon.',
    }).raw;
    const row = await outcome('', raw);
    expect([row.status, row.reason]).toEqual(['bounce', 'delivery_report']);
  });

  it('still relays the member’s own mail with their envelope', async () => {
    const raw = buildEmail({ from: world.mentee.email, to: world.pairing.relayAddress, text: 'Real.' }).raw;
    const row = await outcome(world.mentee.email, raw);
    expect([row.status, row.reason]).toEqual(['accepted', 'relayed']);
  });
});
