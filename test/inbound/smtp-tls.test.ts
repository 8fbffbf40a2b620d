import { once } from 'node:events';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { createTransport } from 'nodemailer';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { selfSignedCertificate, writeCertificate, type TestCertificate } from '../support/tls-files';
import { waitFor } from '../support/wait-for';
import { within } from '../support/within';

const HOST = 'mx.relay.test';
const IDLE_MS = 1500;

/** Replies read off a raw socket, one final line (`250 ...`) at a time. */
function replies(socket: Socket) {
  let buffer = '';
  const ready: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!/^\d{3} /.test(line)) continue;
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else ready.push(line);
    }
  };
  socket.on('data', onData);
  return {
    next: () =>
      ready.length > 0 ? Promise.resolve(ready.shift()!) : new Promise<string>((r) => waiting.push(r)),
    stop: () => socket.off('data', onData),
  };
}

/** A new session upgraded with STARTTLS, the client's TLS options as given. */
async function startTls(port: number, options: ConnectionOptions = {}): Promise<TLSSocket> {
  const socket = createConnection({ port, host: '127.0.0.1' });
  const read = replies(socket);
  expect(await read.next()).toMatch(/^220 /);
  socket.write('EHLO client.test\r\n');
  expect(await read.next()).toMatch(/^250 /);
  socket.write('STARTTLS\r\n');
  expect(await read.next()).toMatch(/^220 /);
  read.stop();
  const secure = tlsConnect({ socket, servername: HOST, rejectUnauthorized: false, ...options });
  await once(secure, 'secureConnect');
  return secure;
}

/** The certificate a new session is shown after STARTTLS (its SHA-256 fingerprint). */
async function certificateAfterStartTls(port: number): Promise<string> {
  const secure = await startTls(port);
  const fingerprint = secure.getPeerCertificate().fingerprint256;
  secure.destroy();
  return fingerprint;
}

/** Issue #13: STARTTLS with our own certificate, a cap on sessions and an idle timeout, over real SMTP. */
describe('the SMTP listener with a certificate', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let port: number;
  let db: DataSource;
  let certificate: TestCertificate;
  let files: { certFile: string; keyFile: string };

  beforeAll(async () => {
    env = await TestEnv.create();
    certificate = await selfSignedCertificate(HOST);
    files = writeCertificate(mkdtempSync(join(tmpdir(), 'mm-smtp-tls-')), certificate);
    running = await env.start({
      ROLES: 'smtp,worker',
      SMTP_TLS_CERT: files.certFile,
      SMTP_TLS_KEY: files.keyFile,
      SMTP_MAX_CLIENTS: '2',
      SMTP_IDLE_TIMEOUT_MS: String(IDLE_MS),
    });
    world = await createPairingWorld(running.app);
    port = running.app.get(SmtpListener).port!;
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  it('offers STARTTLS, and mail sent over it with a verified certificate is accepted and says so', async () => {
    const client = await SmtpTestClient.connect(port);
    const ehlo = await client.command('EHLO client.test');
    await client.quit();
    expect(ehlo.lines).toContain('STARTTLS');

    // As Gmail or Outlook would: STARTTLS first, here insisting on it and on our certificate.
    const transport = createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      requireTLS: true,
      tls: { ca: [certificate.cert], servername: HOST },
    });
    const email = buildEmail({
      from: world.mentee.email,
      to: world.pairing.relayAddress,
      subject: 'Sent over TLS',
      text: 'Hello Maria, this one travelled encrypted.',
    });
    const info = (await transport.sendMail({
      envelope: { from: world.mentee.email, to: [world.pairing.relayAddress] },
      raw: email.raw,
    })) as { response: string };
    transport.close();
    expect(info.response).toMatch(/^250 /);

    const row = await waitFor(async () => {
      const [found] = (await db.query(
        `SELECT status, reason, transport_meta FROM inbound_emails WHERE pairing_id = $1 AND subject = $2`,
        [world.pairing.id, 'Sent over TLS'],
      )) as { status: string; reason: string; transport_meta: Record<string, unknown> }[];
      return found?.status === 'accepted' ? found : null;
    });
    expect(row.reason).toBe('relayed');
    expect(row.transport_meta).toMatchObject({
      with: 'ESMTPS',
      tls: { version: expect.stringMatching(/^TLSv1\.[23]$/), cipher: expect.any(String) },
    });
  });

  it('refuses TLS before 1.2 for its version', async () => {
    // OpenSSL 3 would refuse TLS 1.1 anyway, as an internal error; the floor names the reason.
    const old = { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' } as const;
    await expect(startTls(port, old)).rejects.toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
  });

  it('answers 421 to one session more than SMTP_MAX_CLIENTS, and serves the next one after', async () => {
    const held = [await SmtpTestClient.connect(port), await SmtpTestClient.connect(port)];
    const third = createConnection({ port, host: '127.0.0.1' });
    const read = replies(third);
    const closed = once(third, 'close');
    expect(await read.next()).toMatch(/^421 .*Too many connected clients/);
    await closed;
    for (const client of held) await client.quit();
    // A slot is free again once a held session is gone (its close is seen by the server first).
    await waitFor(async () => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      const greeting = await replies(socket).next();
      socket.destroy();
      return greeting.startsWith('220 ');
    });
  });

  it('disconnects a client that stays silent for SMTP_IDLE_TIMEOUT_MS, with a 421 first', async () => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    const read = replies(socket);
    expect(await read.next()).toMatch(/^220 /);
    const greeted = Date.now();
    const closed = once(socket, 'close');
    expect(await read.next()).toMatch(/^421 .*Timeout/);
    await closed;
    // Dropped by the timeout, not at once (half of it leaves room for a loaded machine's lag).
    expect(Date.now() - greeted).toBeGreaterThanOrEqual(IDLE_MS / 2);
  });

  it('applies a renewed certificate to new sessions without a restart', async () => {
    expect(await certificateAfterStartTls(port)).toBe(certificate.fingerprint);
    const renewed = await selfSignedCertificate(HOST);
    // Written beside and renamed into place, as a deploy hook copying a renewal would.
    for (const [file, pem] of [
      [files.keyFile, renewed.key],
      [files.certFile, renewed.cert],
    ]) {
      writeFileSync(`${file}.new`, pem);
      renameSync(`${file}.new`, file);
    }
    await waitFor(async () => (await certificateAfterStartTls(port)) === renewed.fingerprint);
  });

  it('a stop tells a session still mid-DATA 421 after SMTP_CLOSE_TIMEOUT_MS, and keeps none of its mail', async () => {
    const stopping = await env.start({ ROLES: 'smtp', SMTP_CLOSE_TIMEOUT_MS: '300' });
    const socket = createConnection({ port: stopping.app.get(SmtpListener).port!, host: '127.0.0.1' });
    const read = replies(socket);
    expect(await read.next()).toMatch(/^220 /);
    for (const [line, answer] of [
      ['EHLO client.test', /^250 /],
      [`MAIL FROM:<${world.mentee.email}>`, /^250 /],
      [`RCPT TO:<${world.pairing.relayAddress}>`, /^250 /],
      ['DATA', /^354 /],
    ] as const) {
      socket.write(`${line}\r\n`);
      expect(await read.next()).toMatch(answer);
    }
    socket.write('Subject: cut off by a stop\r\n\r\nThe first half of a letter');
    const closed = once(socket, 'close');
    // Bounded by the setting, not smtp-server's own 30 s or the client's patience.
    expect(await within(10_000, stopping.close().then(() => 'stopped'))).toBe('stopped');
    // Told to try again later, so the sender keeps the mail and retries (it never got a 250).
    expect(await read.next()).toMatch(/^421 /);
    await closed;
    const [kept] = (await db.query(`SELECT count(*)::int AS n FROM inbound_emails WHERE subject = $1`, [
      'cut off by a stop',
    ])) as { n: number }[];
    expect(kept.n).toBe(0);
  });
});
