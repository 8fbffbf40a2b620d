import { DataSource } from 'typeorm';
import { PairingHealthRepository } from '../../src/admin/repositories/pairing-health.repository';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { bounceAddress } from '../../src/outbound/feedback/bounce-address';
import { SuppressionService } from '../../src/outbound/feedback/suppression.service';
import { buildDsn } from '../factories/dsn';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { startSmtpCapture, type CapturedMail } from '../support/smtp-capture';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/**
 * Issue #11, forged bounces: a delivery report suppresses an address only when it comes back to
 * the return path of the one delivery it concerns. Everything goes over real SMTP: our outgoing
 * mail to a capturing smarthost, the reports into our SMTP listener.
 */
describe('impersonation: forged bounces', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let port: number;
  let db: DataSource;
  let capture: Awaited<ReturnType<typeof startSmtpCapture>>;

  beforeAll(async () => {
    capture = await startSmtpCapture();
    env = await TestEnv.create();
    running = await env.start({
      ROLES: 'worker,smtp',
      MAIL_TRANSPORT: 'smtp',
      OUTBOUND_SMTP_HOST: '127.0.0.1',
      OUTBOUND_SMTP_PORT: String(capture.port),
    });
    world = await createPairingWorld(running.app);
    port = running.app.get(SmtpListener).port!;
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
    await capture.close();
  });

  const smtp = (mailFrom: string, to: string, raw: string) =>
    SmtpTestClient.sendOnce(port, { from: mailFrom, to: [to], raw });

  /** The mentee writes; returns what our transport handed the smarthost for the mentor. */
  const relayToMentor = async (text: string): Promise<CapturedMail> => {
    const email = buildEmail({ from: world.mentee.email, to: world.pairing.relayAddress, text });
    expect((await smtp(world.mentee.email, world.pairing.relayAddress, email.raw)).data?.code).toBe(250);
    return waitFor(() =>
      capture.mails.find((m) => m.rcptTo.includes(world.mentor.email) && m.raw.toString().includes(text)),
    );
  };

  const deliveryOf = (mail: CapturedMail) => {
    const messageId = /^Message-ID: <([^>]+)>/im.exec(mail.raw.toString())![1];
    return db.getRepository(Delivery).findOneByOrFail({ messageId });
  };

  const recorded = (messageId: string) =>
    waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ messageId });
      return row && row.status !== 'received' ? row : null;
    });

  const isSuppressed = (address: string) => running.app.get(SuppressionService).isSuppressed(address);

  it('sends every email with a return path of its own', async () => {
    const mail = await relayToMentor('First, to learn the return path.');
    expect(mail.mailFrom).toMatch(/^bounce-[0-9a-f]{32}-[0-9a-f]{20}@relay\.localhost$/);
    expect(mail.mailFrom).toBe(bounceAddress(await deliveryOf(mail), 'relay.localhost'));
  });

  it('two forged reports to the relay address, even quoting our Message-ID, suppress nobody', async () => {
    const sent = await deliveryOf(await relayToMentor('A message the forger knows about.'));
    for (const status of ['5.1.1', '5.2.1']) {
      const dsn = buildDsn({
        to: world.pairing.relayAddress,
        finalRecipient: world.mentor.email,
        status,
        originalMessageId: sent.messageId,
      });
      expect((await smtp('', world.pairing.relayAddress, dsn.raw)).data?.code).toBe(250);
      const row = await recorded(dsn.messageId);
      expect([row.status, row.reason]).toEqual(['bounce', 'delivery_report']);
      expect(await isSuppressed(world.mentor.email)).toBe(false);
      expect(row.detail).toMatch(/^not at a return path of ours, changes nothing/);
    }
    const events = (await db.query(`SELECT count(*)::int AS n FROM delivery_events WHERE recipient = $1`, [
      world.mentor.email,
    ])) as { n: number }[];
    expect(events[0].n).toBe(0);
    // Mail to the mentor still goes out.
    await relayToMentor('Still reaching the mentor.');
  });

  it('refuses a report to a return path whose token is guessed', async () => {
    const sent = await deliveryOf(await relayToMentor('Another one.'));
    const guessed = bounceAddress({ id: sent.id, bounceToken: '0'.repeat(20) }, 'relay.localhost');
    const dsn = buildDsn({ to: guessed, finalRecipient: world.mentor.email });
    const reply = await smtp('', guessed, dsn.raw);
    expect(reply.rcpt[0].code).toBe(550);
    expect(await isSuppressed(world.mentor.email)).toBe(false);
  });

  it('a report at the delivery’s own return path suppresses only its recipient, and staff see it', async () => {
    const mail = await relayToMentor('This one bounces for real.');
    // The report names the mentee; the return path says whose delivery it was: the mentor's.
    const dsn = buildDsn({ to: mail.mailFrom, finalRecipient: world.mentee.email });
    expect((await smtp('', mail.mailFrom, dsn.raw)).data?.code).toBe(250);
    const row = await recorded(dsn.messageId);
    expect([row.status, row.reason]).toEqual(['bounce', 'delivery_report']);
    expect(row.detail).toMatch(/^at its return path, recipient suppressed/);
    expect(await isSuppressed(world.mentor.email)).toBe(true);
    expect(await isSuppressed(world.mentee.email)).toBe(false);

    // Needs attention: the pairing shows the suppression with its reason.
    const attention = await new PairingHealthRepository(db).list({ health: 'attention' });
    expect(attention.find((p) => p.id === world.pairing.id)?.reasons).toContain('bounce_or_complaint');
  });
});
