import { createConnection } from 'node:net';

export interface SmtpReply {
  code: number;
  /** The last line's text (after the code). */
  text: string;
  /** Every line's text, for multi-line replies such as EHLO's list of extensions. */
  lines: string[];
}

/**
 * A minimal SMTP client that speaks the protocol line by line, so tests can assert the reply to
 * each command (550 at RCPT, 552 after DATA) rather than only a library's summary.
 */
export class SmtpTestClient {
  private buffer = '';
  private continued: string[] = [];
  private waiters: ((line: SmtpReply) => void)[] = [];
  private readonly replies: SmtpReply[] = [];

  private constructor(private readonly socket: ReturnType<typeof createConnection>) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let idx: number;
      while ((idx = this.buffer.indexOf('\r\n')) >= 0) {
        const line = this.buffer.slice(0, idx);
        this.buffer = this.buffer.slice(idx + 2);
        if (/^\d{3}-/.test(line)) this.continued.push(line.slice(4));
        if (!/^\d{3} /.test(line)) continue;
        const lines = [...this.continued.splice(0), line.slice(4)];
        this.push({ code: Number(line.slice(0, 3)), text: line.slice(4), lines });
      }
    });
  }

  /**
   * Connects to the listener on 127.0.0.1, never elsewhere (tests send no traffic off this
   * machine). `localAddress` picks the client's own loopback address (127.0.0.2, ...), so a test
   * can be a client that SMTP_TRUSTED_CLIENTS does or does not list.
   */
  static async connect(port: number, localAddress?: string): Promise<SmtpTestClient> {
    const socket = createConnection({ port, host: '127.0.0.1', localAddress });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const client = new SmtpTestClient(socket);
    const greeting = await client.next();
    if (greeting.code !== 220) throw new Error(`unexpected greeting ${greeting.code}`);
    return client;
  }

  private push(reply: SmtpReply) {
    const waiter = this.waiters.shift();
    if (waiter) waiter(reply);
    else this.replies.push(reply);
  }

  private next(): Promise<SmtpReply> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  command(line: string): Promise<SmtpReply> {
    this.socket.write(`${line}\r\n`);
    return this.next();
  }

  /** Sends DATA and the message (dot-stuffed), returning the final reply. */
  async data(raw: Buffer | string): Promise<SmtpReply> {
    const start = await this.command('DATA');
    if (start.code !== 354) return start;
    // Byte for byte (latin1 maps each byte to one character): an 8-bit body need not be UTF-8.
    const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    const text = bytes.toString('latin1').replace(/\r?\n/g, '\r\n');
    const stuffed = text.replace(/^\./gm, '..');
    this.socket.write(Buffer.from(stuffed.endsWith('\r\n') ? stuffed : `${stuffed}\r\n`, 'latin1'));
    this.socket.write('.\r\n');
    return this.next();
  }

  /** One whole transaction; returns the reply of each step. */
  async send(opts: {
    from: string;
    to: string[];
    raw: Buffer | string;
  }): Promise<{ rcpt: SmtpReply[]; data?: SmtpReply }> {
    await this.command('EHLO test.localhost');
    await this.command(`MAIL FROM:<${opts.from}>`);
    const rcpt: SmtpReply[] = [];
    for (const to of opts.to) rcpt.push(await this.command(`RCPT TO:<${to}>`));
    if (!rcpt.some((r) => r.code === 250)) {
      await this.command('RSET');
      return { rcpt };
    }
    return { rcpt, data: await this.data(opts.raw) };
  }

  /** Connects, runs one transaction and quits: the common case of a test sending one email. */
  static async sendOnce(
    port: number,
    mail: { from: string; to: string[]; raw: Buffer | string },
    localAddress?: string,
  ): Promise<{ rcpt: SmtpReply[]; data?: SmtpReply }> {
    const client = await SmtpTestClient.connect(port, localAddress);
    try {
      return await client.send(mail);
    } finally {
      await client.quit();
    }
  }

  async quit(): Promise<void> {
    await this.command('QUIT').catch(() => undefined);
    this.socket.destroy();
  }
}
