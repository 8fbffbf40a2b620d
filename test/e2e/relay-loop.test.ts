import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Message } from '../../src/conversations/entities/message.entity';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

describe('the relay loop over real SMTP', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let port: number;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ INBOUND_MAX_BYTES: String(200 * 1024) });
    world = await createPairingWorld(running.app);
    port = running.app.get(SmtpListener).port!;
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  const send = async (from: string, raw: string, to = world.pairing.relayAddress) => {
    const client = await SmtpTestClient.connect(port);
    try {
      return await client.send({ from, to: [to], raw });
    } finally {
      await client.quit();
    }
  };

  it('relays a message privately, and the reply lands in the same thread', async () => {
    const first = buildEmail({
      from: world.mentee.email,
      fromName: 'Tom Mentee',
      to: world.pairing.relayAddress,
      subject: 'Hello from Tom',
      text: 'Hi Maria, looking forward to working with you!',
    });
    const sent = await send(world.mentee.email, first.raw);
    expect(sent.data?.code).toBe(250);

    const [toMentor] = await waitFor(async () => {
      const out = (await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === world.mentor.email);
      return out.length ? out : null;
    });
    const relayed = toMentor.parsed;
    expect(relayed.from?.value[0].address).toBe(world.pairing.relayAddress);
    expect(relayed.from?.value[0].name).toBe(`Tom Mentee via ${world.programme.name}`);
    expect(relayed.replyTo?.value[0].address).toBe(world.pairing.relayAddress);
    expect(relayed.subject).toBe('Hello from Tom');
    expect(relayed.text).toContain('Hi Maria, looking forward to working with you!');
    // Nothing of the author's real address anywhere in the raw message, headers or body.
    expect(toMentor.raw.toLowerCase()).not.toContain(world.mentee.email);
    expect(toMentor.raw.toLowerCase()).not.toContain(world.mentee.email.split('@')[1]);
    expect(toMentor.raw).not.toContain(first.messageId);

    // Maria replies to the relayed email from her own inbox.
    const reply = buildEmail({
      from: world.mentor.email,
      fromName: 'Maria Mentor',
      to: world.pairing.relayAddress,
      subject: `Re: ${relayed.subject}`,
      inReplyTo: relayed.messageId!.replace(/[<>]/g, ''),
      references: [relayed.messageId!.replace(/[<>]/g, '')],
      text: `Welcome Tom! Let's start with your goals.\n\nOn Monday, Tom Mentee via Bright Futures <${world.pairing.relayAddress}> wrote:\n> Hi Maria, looking forward to working with you!`,
    });
    expect((await send(world.mentor.email, reply.raw)).data?.code).toBe(250);

    const [toMentee] = await waitFor(async () => {
      const out = (await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === world.mentee.email);
      return out.length ? out : null;
    });
    expect(toMentee.parsed.text).toContain("Welcome Tom! Let's start with your goals.");
    expect(toMentee.parsed.text).not.toContain('looking forward to working with you');
    expect(toMentee.raw.toLowerCase()).not.toContain(world.mentor.email);
    // Threaded for Tom: it answers the email Tom himself sent.
    expect(toMentee.parsed.inReplyTo).toBe(`<${first.messageId}>`);
    expect(toMentee.parsed.subject).toBe('Re: Hello from Tom');

    const messages = await db.getRepository(Message).find({ where: { pairingId: world.pairing.id } });
    expect(messages).toHaveLength(2);
    expect(new Set(messages.map((m) => m.threadId)).size).toBe(1);
  });

  it('relays inline images and attachments, and drops a vCard', async () => {
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fe0dd0a0a40000000049454e44ae426082',
      'hex',
    );
    const raw = [
      `From: "Tom Mentee" <${world.mentee.email}>`,
      `To: <${world.pairing.relayAddress}>`,
      'Subject: My moodboard',
      'Message-ID: <moodboard-1@student-mail.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: multipart/related; boundary="rel"',
      '',
      '--rel',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Here is my board</p><img src="cid:board@tom">',
      '--rel',
      'Content-Type: image/png; name="board.png"',
      'Content-Disposition: inline; filename="board.png"',
      'Content-ID: <board@tom>',
      'Content-Transfer-Encoding: base64',
      '',
      png.toString('base64'),
      '--rel--',
      '--outer',
      'Content-Type: text/vcard; name="tom.vcf"',
      'Content-Disposition: attachment; filename="tom.vcf"',
      '',
      `BEGIN:VCARD\r\nEMAIL:${world.mentee.email}\r\nEND:VCARD`,
      '--outer--',
      '',
    ].join('\r\n');
    expect((await send(world.mentee.email, raw)).data?.code).toBe(250);
    const [relayed] = await waitFor(async () => {
      const out = (await readOutbox(env.outboxDir)).filter((m) => m.parsed.subject === 'My moodboard');
      return out.length ? out : null;
    });
    expect(relayed.parsed.text).toContain('Here is my board');
    const image = relayed.parsed.attachments.find((a) => a.contentType === 'image/png');
    expect(image?.content.equals(png)).toBe(true);
    expect(image?.cid).toBeTruthy();
    // mailparser resolves a cid: reference into the image's data: URL, which proves the HTML points at it.
    expect(relayed.parsed.html).toContain(`<img src="data:image/png;base64,${png.toString('base64')}"`);
    expect(relayed.parsed.attachments.some((a) => a.filename?.endsWith('.vcf'))).toBe(false);
    expect(relayed.raw.toLowerCase()).not.toContain(world.mentee.email);
  });

  it('answers 550 at RCPT for an unknown relay address', async () => {
    const raw = buildEmail({ from: world.mentee.email, to: 'nobody-xyz@relay.localhost' }).raw;
    const result = await send(world.mentee.email, raw, 'nobody-xyz@relay.localhost');
    expect(result.rcpt[0].code).toBe(550);
    expect(result.data).toBeUndefined();
  });

  it('offers no STARTTLS without a certificate, and refuses the command', async () => {
    const client = await SmtpTestClient.connect(port);
    try {
      const ehlo = await client.command('EHLO client.test');
      expect(ehlo.code).toBe(250);
      expect(ehlo.lines).toContain(`SIZE ${200 * 1024}`);
      expect(ehlo.lines).not.toContain('STARTTLS');
      expect((await client.command('STARTTLS')).code).toBeGreaterThanOrEqual(500);
    } finally {
      await client.quit();
    }
  });

  it('answers 552 to an oversize message', async () => {
    const big = buildEmail({
      from: world.mentee.email,
      to: world.pairing.relayAddress,
      text: 'x'.repeat(300 * 1024),
    });
    const result = await send(world.mentee.email, big.raw);
    expect(result.data?.code).toBe(552);
  });

  it('records an unknown sender as rejected and relays nothing', async () => {
    const stranger = 'stranger@elsewhere.example';
    const email = buildEmail({ from: stranger, to: world.pairing.relayAddress, subject: 'Spam?' });
    expect((await send(stranger, email.raw)).data?.code).toBe(250);
    const row = await waitFor(async () => {
      const r = await db.getRepository(InboundEmail).findOneBy({ messageId: email.messageId });
      return r && r.status !== 'received' ? r : null;
    });
    expect(row.status).toBe('rejected');
    expect(row.reason).toBe('unknown_sender');
    const count = await db.getRepository(Message).countBy({ inboundEmailId: row.id });
    expect(count).toBe(0);
  });

  it('records malformed MIME with a reason and keeps running', async () => {
    const result = await send(world.mentee.email, 'this is not an email at all\r\n');
    expect(result.data?.code).toBe(250);
    const row = await waitFor(async () => {
      const rows = await db.getRepository(InboundEmail).find({ where: { reason: 'malformed' } });
      return rows[0] ?? null;
    });
    expect(row.status).toBe('rejected');
    expect(row.detail).toMatch(/header|From/);
    const health = await fetch(`${running.httpUrl}/health`).then((r) => r.json());
    expect(health).toEqual({ status: 'ok', postgres: 'up', redis: 'up', migrations: 'applied' });
  });
});
