import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerOptions } from 'smtp-server';
import { buildMime } from '../mime/build-mime';
import { classifySmtpError, SmtpTransport } from './smtp.transport';
import { HandOverRefused, type RawOutgoingEmail } from './mail-transport';
import { TransportError } from './transport-error';

// The outbox records the hand-over; granted unless a test says otherwise.
const handedOver = () => Promise.resolve(true);

interface Received {
  from: string | undefined;
  to: string[];
  data: Buffer;
  user: string | undefined;
}

/** A real SMTP server on an ephemeral loopback port, recording what reaches it. */
async function startServer(
  hooks: Partial<Pick<SMTPServerOptions, 'onRcptTo' | 'onAuth'>> & {
    dataError?: { code: number; text: string };
  } = {},
): Promise<{ port: number; received: Received[]; dataStarted: () => number; close: () => Promise<void> }> {
  const received: Received[] = [];
  let dataStarted = 0;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    authOptional: !hooks.onAuth,
    onAuth: hooks.onAuth,
    onRcptTo: hooks.onRcptTo,
    onData(stream, session, callback) {
      // Called at the DATA command, before the server answers 354.
      dataStarted++;
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (hooks.dataError) {
          const err = Object.assign(new Error(hooks.dataError.text), { responseCode: hooks.dataError.code });
          callback(err);
          return;
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks),
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback(null, 'Ok: queued as Q1A2B3');
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    dataStarted: () => dataStarted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function email(): Promise<RawOutgoingEmail> {
  const raw = await buildMime({
    from: { name: 'Ann via Bright Futures', address: 'm-ann@relay.localhost' },
    to: 'bob@example.com',
    subject: 'Grüße',
    messageId: 'smtp-1@relay.localhost',
    text: 'Hi Bob.\n.\nA line with only a dot, to check dot-stuffing.\n',
  });
  // A Cc header in the bytes must not become a recipient: the envelope decides.
  const withCc = Buffer.concat([Buffer.from('Cc: eve@evil.example\r\n'), raw]);
  return {
    from: 'bounces@relay.localhost',
    to: 'bob@example.com',
    raw: withCc,
    messageId: 'smtp-1@relay.localhost',
  };
}

async function failureKind(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  return err instanceof TransportError ? err.kind : `not a TransportError: ${String(err)}`;
}

describe('SmtpTransport', () => {
  it('delivers the exact bytes to the envelope recipient only', async () => {
    const server = await startServer();
    const transport = new SmtpTransport({ host: '127.0.0.1', port: server.port });
    try {
      const mail = await email();
      const result = await transport.send(mail, handedOver);

      expect(result).toEqual({ transportId: 'Q1A2B3' });
      expect(server.received).toHaveLength(1);
      const [got] = server.received;
      expect(got.from).toBe('bounces@relay.localhost');
      expect(got.to).toEqual(['bob@example.com']);
      expect(got.data.equals(mail.raw)).toBe(true);
      const parsed = await simpleParser(got.data);
      expect(parsed.subject).toBe('Grüße');
      expect(parsed.messageId).toBe('<smtp-1@relay.localhost>');
      expect(parsed.text).toContain('\n.\n');
      expect(parsed.headers.has('x-mailer')).toBe(false);
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('records the hand-over while the server holds the whole message but has not accepted it', async () => {
    const server = await startServer();
    const transport = new SmtpTransport({ host: '127.0.0.1', port: server.port });
    const seen: { dataStarted: number; accepted: number }[] = [];
    const refuse = () => {
      seen.push({ dataStarted: server.dataStarted(), accepted: server.received.length });
      return Promise.resolve(false);
    };
    try {
      const error = await transport.send(await email(), refuse).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HandOverRefused);
      // Asked once, after DATA was answered and before any acceptance.
      expect(seen).toEqual([{ dataStarted: 1, accepted: 0 }]);
      // Refused: the final dot never went out, so the server threw the message away.
      expect(server.received).toEqual([]);
      const granted = await transport.send(await email(), handedOver);
      expect(granted).toEqual({ transportId: 'Q1A2B3' });
      expect(server.received).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('authenticates with the configured credentials', async () => {
    const server = await startServer({
      onAuth(auth, _session, callback) {
        if (auth.username === 'relay' && auth.password === 's3cret') callback(null, { user: 'relay' });
        else callback(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
      },
    });
    const good = new SmtpTransport({
      host: '127.0.0.1',
      port: server.port,
      auth: { user: 'relay', pass: 's3cret' },
    });
    const bad = new SmtpTransport({
      host: '127.0.0.1',
      port: server.port,
      auth: { user: 'relay', pass: 'nope' },
    });
    try {
      await good.send(await email(), handedOver);
      expect(server.received[0].user).toBe('relay');
      // Wrong credentials fail every message alike: pause the queue rather than fail each one.
      expect(await failureKind(bad.send(await email(), handedOver))).toBe('pause');
      expect(server.received).toHaveLength(1);
    } finally {
      good.close();
      bad.close();
      await server.close();
    }
  });

  it('treats a 5xx recipient rejection as permanent', async () => {
    const server = await startServer({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
      },
    });
    const transport = new SmtpTransport({ host: '127.0.0.1', port: server.port });
    const handOver = jest.fn(handedOver);
    try {
      const error = await transport.send(await email(), handOver).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ kind: 'permanent', reason: expect.stringContaining('550') });
      // Refused before DATA: nothing was ever handed over.
      expect(handOver).not.toHaveBeenCalled();
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('treats a 4xx answer to DATA as a retry', async () => {
    const server = await startServer({ dataError: { code: 451, text: '4.3.0 Try again later' } });
    const transport = new SmtpTransport({ host: '127.0.0.1', port: server.port });
    try {
      const error = await transport.send(await email(), handedOver).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'retry', reason: expect.stringContaining('451') });
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('marks a send uncertain when the connection drops after the final dot with no answer', async () => {
    // A server that takes the whole message and then vanishes before its 250: it may have queued it.
    let messages = 0;
    const server = createServer((socket) => {
      let inData = false;
      let buffer = '';
      socket.write('220 vanishing.example ESMTP\r\n');
      socket.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('latin1');
        if (inData) {
          if (!buffer.includes('\r\n.\r\n')) return;
          messages++;
          socket.destroy();
          return;
        }
        let end: number;
        while ((end = buffer.indexOf('\r\n')) >= 0) {
          const line = buffer.slice(0, end).toUpperCase();
          buffer = buffer.slice(end + 2);
          if (line.startsWith('EHLO') || line.startsWith('HELO')) socket.write('250 vanishing.example\r\n');
          else if (line.startsWith('DATA')) {
            inData = true;
            socket.write('354 go ahead\r\n');
            return;
          } else socket.write('250 ok\r\n');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const transport = new SmtpTransport({ host: '127.0.0.1', port: (server.address() as AddressInfo).port });
    const handOver = jest.fn(handedOver);
    try {
      const error = await transport.send(await email(), handOver).catch((e: unknown) => e);
      expect(messages).toBe(1);
      expect(handOver).toHaveBeenCalledTimes(1);
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ kind: 'uncertain' });
    } finally {
      transport.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('treats a refused connection as a retry', async () => {
    // Take a free port and release it, so nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const transport = new SmtpTransport({ host: '127.0.0.1', port });
    try {
      expect(await failureKind(transport.send(await email(), handedOver))).toBe('retry');
    } finally {
      transport.close();
    }
  });
});

describe('classifySmtpError', () => {
  it.each([
    [{ code: 'ECONNECTION' }, 'retry'],
    [{ code: 'ETIMEDOUT' }, 'retry'],
    [{ code: 'EDNS' }, 'retry'],
    [{ code: 'EENVELOPE', responseCode: 553 }, 'permanent'],
    [{ code: 'EMESSAGE', responseCode: 552 }, 'permanent'],
    [{ code: 'EMESSAGE', responseCode: 421 }, 'retry'],
    [{ code: 'EAUTH', responseCode: 535 }, 'pause'],
    [{ code: 'ESOMETHINGNEW' }, 'retry'],
  ])('%o -> %s', (fields, kind) => {
    expect(classifySmtpError(Object.assign(new Error('x'), fields)).kind).toBe(kind);
  });

  it.each([
    [{ code: 'ECONNECTION' }, 'uncertain'],
    [{ code: 'ETIMEDOUT' }, 'uncertain'],
    [{ code: 'EMESSAGE', responseCode: 451 }, 'retry'],
    [{ code: 'EMESSAGE', responseCode: 554 }, 'permanent'],
  ])('after the hand-over, %o -> %s (only an answer says it was not taken)', (fields, kind) => {
    expect(classifySmtpError(Object.assign(new Error('x'), fields), true).kind).toBe(kind);
  });
});
