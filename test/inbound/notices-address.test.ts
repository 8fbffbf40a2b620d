import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

// Real PostgreSQL, Redis and SMTP on a shared machine: allow more than Jest's 5 s default.
jest.setTimeout(60_000);

/**
 * Notices that concern no pairing come from the notices address. A person who replies to one is
 * not refused at RCPT: the reply is recorded, relayed to nobody and answered once a day with a
 * notice saying nobody reads that address and where to write instead. Robots and reports that
 * reach it are recorded and answered by nothing, so two automatic senders never loop.
 */
describe('mail to the notices address', () => {
  let env: TestEnv;
  let running: RunningApp;
  let port: number;
  let db: DataSource;
  let notices: string;
  let world: PairingWorld;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start();
    port = running.app.get(SmtpListener).port!;
    db = running.app.get(DataSource);
    notices = running.app.get(AppConfig).noticesAddress;
    world = await createPairingWorld(running.app);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const send = (
    from: string,
    subject: string,
    extra: { headers?: Record<string, string>; envelope?: string } = {},
  ) =>
    SmtpTestClient.sendOnce(port, {
      from: extra.envelope ?? from,
      to: [notices],
      raw: buildEmail({
        from,
        to: notices,
        subject,
        text: 'Thanks! Can you tell Maria I will be late this week?',
        inReplyTo: 'notice-1@relay.localhost',
        headers: extra.headers,
      }).raw,
    });

  const settled = (subject: string) =>
    waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ subject });
      return row && row.status !== 'received' ? row : null;
    });

  const noticesTo = async (address: string) =>
    (await readOutbox(env.outboxDir)).filter(
      (m) => toAddress(m.parsed) === address && /^Not read by anyone:/.test(m.parsed.subject ?? ''),
    );

  it('accepts a member’s reply, relays it to nobody and tells them where to write instead', async () => {
    const reply = await send(world.mentee.email, 'Re: Not delivered: Week 3');
    expect([reply.rcpt[0].code, reply.data?.code]).toEqual([250, 250]);
    const row = await settled('Re: Not delivered: Week 3');
    expect([row.status, row.reason]).toEqual(['rejected', 'notices_address']);
    expect(await db.getRepository(Delivery).countBy({ kind: 'relay' })).toBe(0);

    const [notice] = await waitFor(async () => {
      const found = await noticesTo(world.mentee.email);
      return found.length ? found : null;
    });
    const text = (notice.parsed.text ?? '').replace(/\s+/g, ' ');
    expect(text).toContain(`you wrote to ${notices}`);
    expect(text).toContain('nobody reads what comes back to it, so your email was not passed on to anyone');
    expect(text).toContain(
      `To write to ${world.mentor.name}, send your email to ${world.pairing.relayAddress}`,
    );
    expect(notice.parsed.from?.value[0].address).toBe(notices);
    // Our notice marks itself automatic, so a well-behaved auto-responder never answers it.
    expect(notice.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    // Nothing of it reached the partner.
    expect(
      await readOutbox(env.outboxDir).then((all) =>
        all.filter((m) => toAddress(m.parsed) === world.mentor.email),
      ),
    ).toEqual([]);
  });

  it('answers the same person at most once a day', async () => {
    await send(world.mentee.email, 'Re: Nobody reads this address');
    const row = await settled('Re: Nobody reads this address');
    expect(row.reason).toBe('notices_address');
    // The second notice would have been queued in the same transaction that recorded the row.
    expect(await db.getRepository(Delivery).countBy({ kind: 'notice', toAddress: world.mentee.email })).toBe(
      1,
    );
  });

  it('records auto-replies, bounces, its own notices and strangers, and answers none of them', async () => {
    const before = await db.getRepository(Delivery).count();
    await send(world.mentor.email, 'Out of office: Not read by anyone', {
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await send('mailer-daemon@mx.example', 'Undelivered Mail Returned to Sender', { envelope: '' });
    await send(notices, 'Not read by anyone: looped back');
    await send('stranger@elsewhere.example', 'Re: your notice');
    const states = await Promise.all(
      [
        'Out of office: Not read by anyone',
        'Undelivered Mail Returned to Sender',
        'Not read by anyone: looped back',
        'Re: your notice',
      ].map(async (s) => {
        const row = await settled(s);
        return [row.status, row.reason];
      }),
    );
    expect(states).toEqual([
      ['ignored', 'auto_generated'],
      ['bounce', 'delivery_report'],
      ['ignored', 'loop'],
      ['rejected', 'notices_address'],
    ]);
    expect(await db.getRepository(Delivery).count()).toBe(before);
  });

  it('still refuses other unknown addresses at RCPT', async () => {
    const reply = await SmtpTestClient.sendOnce(port, {
      from: world.mentee.email,
      to: [notices.replace(/^notices@/, 'noticez@')],
      raw: 'Subject: x\r\n\r\nx',
    });
    expect(reply.rcpt[0].code).toBe(550);
  });
});
