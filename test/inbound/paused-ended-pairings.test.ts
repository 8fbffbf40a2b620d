import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { PairingAdminService } from '../../src/admin/services/pairing-admin.service';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { PausedMailService } from '../../src/inbound/paused-mail.service';
import { ProgramsRepository } from '../../src/programs/programs.repository';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const CHECK_FIXTURES = join(__dirname, '../fixtures/emails/checks');

/**
 * Mail to a paused or ended pairing over real SMTP: accepted at RCPT (a late bounce for mail the
 * pairing was sent must get in too), answered with the notice that says what happens next, and
 * for a paused pairing relayed once staff resume it, exactly once.
 */
describe('paused and ended pairings', () => {
  let env: TestEnv;
  let running: RunningApp;
  let port: number;
  let db: DataSource;
  let admin: PairingAdminService;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start();
    port = running.app.get(SmtpListener).port!;
    db = running.app.get(DataSource);
    admin = running.app.get(PairingAdminService);
  });

  afterAll(async () => {
    await env.destroy();
  });

  const send = (world: PairingWorld, text: string, subject: string) =>
    SmtpTestClient.sendOnce(port, {
      from: world.mentee.email,
      to: [world.pairing.relayAddress],
      raw: buildEmail({ from: world.mentee.email, to: world.pairing.relayAddress, subject, text }).raw,
    });

  /** The email once processed, and no longer in `before` (its state before a release). */
  const settled = (subject: string, before?: string) =>
    waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ subject });
      return row && row.status !== 'received' && row.status !== before ? row : null;
    });

  const mailTo = async (address: string) =>
    (await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === address);

  it('still refuses an address that is no pairing at RCPT', async () => {
    const reply = await SmtpTestClient.sendOnce(port, {
      from: 'someone@else.example',
      to: ['nobody-zzzzzzzz@relay.localhost'],
      raw: 'Subject: x\r\n\r\nx',
    });
    expect(reply.rcpt[0].code).toBe(550);
  });

  it("keeps a paused pairing's mail, tells the sender, and relays it once on resume", async () => {
    const world = await createPairingWorld(running.app);
    await admin.act(world.pairing.id, 'pause');

    const first = await send(world, 'First while paused: my CV is attached in spirit.', 'Paused one');
    expect([first.rcpt[0].code, first.data?.code]).toEqual([250, 250]);
    const second = await send(world, 'Second while paused: and a question.', 'Paused two');
    expect(second.data?.code).toBe(250);
    const held = await settled('Paused one');
    expect([held.status, held.reason, held.pairingId]).toEqual(['held', 'pairing_paused', world.pairing.id]);
    expect((await settled('Paused two')).status).toBe('held');

    // Told at once (one notice a day per reason, so one for both), in words that keep their promise.
    const [notice] = await waitFor(async () => {
      const out = await mailTo(world.mentee.email);
      return out.length ? out : null;
    });
    // A local submission is not an aligned pass: the sender's own subject is not quoted back.
    expect(notice.parsed.subject).toBe('Waiting until your pair restarts: (subject not shown)');
    expect(notice.parsed.text).toContain(
      'It will be delivered to Maria Mentor as soon as your pair restarts',
    );
    expect(notice.parsed.text).toContain("You don't need to send it again");
    expect(await mailTo(world.mentor.email)).toEqual([]);
    expect(await running.app.get(PausedMailService).waiting(world.pairing.id)).toBe(2);
    // Staff see it on the pairing's page, beside the resume button.
    expect((await admin.view(world.pairing.id)).waitingMail).toBe(2);

    await admin.act(world.pairing.id, 'resume');
    const relayed = await waitFor(async () => {
      const out = await mailTo(world.mentor.email);
      return out.length === 2 ? out : null;
    });
    expect(relayed.map((m) => m.parsed.subject).sort()).toEqual(['Paused one', 'Paused two']);
    expect(relayed.map((m) => m.parsed.text).join('\n')).toContain('First while paused');
    const after = await settled('Paused one', 'held');
    expect([after.status, after.reason]).toEqual(['accepted', 'relayed']);

    // A second release finds nothing to do; each email was relayed once.
    expect(await running.app.get(PausedMailService).releaseFor(world.pairing.id)).toBe(0);
    const relays = await db.getRepository(Delivery).findBy({ kind: 'relay', pairingId: world.pairing.id });
    expect(relays).toHaveLength(2);
    expect(new Set(relays.map((d) => d.sourceMessageId)).size).toBe(2);
  });

  it('answers mail that waited for a pairing that then ended, instead of keeping it for ever', async () => {
    const world = await createPairingWorld(running.app);
    await admin.act(world.pairing.id, 'pause');
    expect((await send(world, 'Will you read this?', 'Waited in vain')).data?.code).toBe(250);
    expect((await settled('Waited in vain')).reason).toBe('pairing_paused');

    await admin.act(world.pairing.id, 'end');
    const row = await settled('Waited in vain', 'held');
    expect([row.status, row.reason]).toEqual(['rejected', 'pairing_not_active']);
    const notices = await waitFor(async () => {
      const out = await mailTo(world.mentee.email);
      return out.length === 2 ? out : null;
    });
    expect(notices.map((n) => n.parsed.subject).sort()).toEqual([
      'Not delivered: (subject not shown)',
      'Waiting until your pair restarts: (subject not shown)',
    ]);
    expect(await mailTo(world.mentor.email)).toEqual([]);
  });

  it("answers an ended pairing's mail with the ended notice and relays nothing", async () => {
    const world = await createPairingWorld(running.app);
    await admin.act(world.pairing.id, 'end');

    const sent = await send(world, 'Are you still there?', 'After the end');
    expect([sent.rcpt[0].code, sent.data?.code]).toEqual([250, 250]);
    const row = await settled('After the end');
    expect([row.status, row.reason]).toEqual(['rejected', 'pairing_not_active']);

    const [notice] = await waitFor(async () => {
      const out = await mailTo(world.mentee.email);
      return out.length ? out : null;
    });
    expect(notice.parsed.subject).toBe('Not delivered: (subject not shown)');
    expect(notice.parsed.text).toContain('Your mentoring pair has been closed');
    expect(await mailTo(world.mentor.email)).toEqual([]);
    expect(await db.getRepository(Delivery).findBy({ kind: 'relay', pairingId: world.pairing.id })).toEqual(
      [],
    );
  });

  it("takes in a late bounce sent to an ended pairing's address, and answers nobody", async () => {
    const world = await createPairingWorld(running.app);
    await admin.act(world.pairing.id, 'end');
    const dsn = readFileSync(join(CHECK_FIXTURES, 'bounce-postfix-failed.eml'));
    const reply = await SmtpTestClient.sendOnce(port, {
      from: '',
      to: [world.pairing.relayAddress],
      raw: dsn,
    });
    expect([reply.rcpt[0].code, reply.data?.code]).toEqual([250, 250]);
    const row = await waitFor(async () => {
      const r = await db.getRepository(InboundEmail).findOneBy({ recipient: world.pairing.relayAddress });
      return r && r.status !== 'received' ? r : null;
    });
    expect([row.status, row.reason]).toEqual(['bounce', 'delivery_report']);
    expect(await db.getRepository(Delivery).findBy({ pairingId: world.pairing.id })).toEqual([]);
  });

  it('never makes an ended pairing active again from a resume read before the end', async () => {
    const world = await createPairingWorld(running.app);
    await admin.act(world.pairing.id, 'pause');
    // Staff open the paused pairing's page; the planned end's tick ends it before they click Resume.
    const read = await running.app.get(ProgramsRepository).findPairing(world.pairing.id);
    await running.app.get(ProgramsRepository).endPairing(world.pairing.id, 'planned-end', new Date());
    jest.spyOn(running.app.get(ProgramsRepository), 'findPairing').mockResolvedValueOnce(read);

    await expect(admin.act(world.pairing.id, 'resume')).rejects.toThrow(
      'This pairing changed meanwhile: it is ended now, so it was not resumed.',
    );
    const [row] = (await db.query(`SELECT status, end_reason FROM pairings WHERE id = $1`, [
      world.pairing.id,
    ])) as { status: string; end_reason: string }[];
    expect(row).toEqual({ status: 'ended', end_reason: 'planned-end' });
  });
});
