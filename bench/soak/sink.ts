import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseBounceAddress } from '../../src/outbound/feedback/bounce-address';

/** One email the product's SMTP transport handed over. */
export interface SinkCopy {
  /** The Message-ID header of the copy (the delivery row's `message_id`), without brackets. */
  messageId: string | null;
  /** Envelope recipients. */
  to: string[];
  /** Soak tokens found in the body: which sent email(s) this copy relays. */
  tokens: number[];
  at: number;
}

/** The token the sender writes on a line of its own in each email, so a copy names its original. */
export const tokenLine = (index: number) => `soak-token-${index}`;
// A token the sender wrote, kept whole by any transfer encoding (short, ASCII, on its own line).
const TOKEN = /soak-token-(\d+)/g;

function headerBlock(raw: string): string {
  const end = raw.search(/\r?\n\r?\n/);
  return (end === -1 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
}

/**
 * The outside world as the product's `smtp` transport sees it: an SMTP server that accepts every
 * email and keeps one record per accepted copy, so copies can be counted per Message-ID
 * independently of what the database says it sent. (The `file` transport names its file after the
 * Message-ID, so a second copy would overwrite the first and could not be counted.)
 */
export class SmtpSink {
  readonly copies: SinkCopy[] = [];
  /**
   * Deliveries whose SMTP conversation began (MAIL FROM names the delivery in its return path),
   * accepted or not: a delivery left `uncertain` was really in the transport only if it is here.
   */
  readonly begun = new Set<string>();
  /** Errors of the sink itself, other than connections reset by a killed worker. */
  readonly errors: string[] = [];
  /** Copies without a DKIM-Signature header: production mail must be signed by every worker. */
  unsigned = 0;
  private server?: SMTPServer;

  constructor(private readonly relayDomain: string) {}

  async start(): Promise<number> {
    let seq = 0;
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onMailFrom: (address, _session, callback) => {
        const returnPath = parseBounceAddress(address.address, this.relayDomain);
        if (returnPath) this.begun.add(returnPath.deliveryId);
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('latin1');
          const headers = headerBlock(raw);
          const id = /^message-id:\s*<([^>]+)>/im.exec(headers);
          if (!/^dkim-signature:.*\bd=/im.test(headers)) this.unsigned++;
          const tokens = new Set([...raw.matchAll(TOKEN)].map((m) => Number(m[1])));
          this.copies.push({
            messageId: id ? id[1] : null,
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            tokens: [...tokens],
            at: Date.now(),
          });
          // Like a real relay: the answer names a queue id, which the product records as transport id.
          callback(null, `OK: queued as sink${++seq}`);
        });
      },
    });
    // A client that vanishes mid-conversation (a worker killed while sending) resets its socket;
    // that is what the soak does on purpose, not a reason to stop the sink.
    this.server.on('error', (error: Error & { code?: string }) => {
      if (error.code !== 'ECONNRESET') this.errors.push(error.message);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => resolve());
    });
    return (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
