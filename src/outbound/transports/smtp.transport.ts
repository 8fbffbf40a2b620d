import { Readable } from 'node:stream';
import { SMTPConnection } from '../../common/nodemailer-lib';
import {
  type HandOver,
  HandOverRefused,
  type MailTransport,
  type RawOutgoingEmail,
  type TransportResult,
} from './mail-transport';
import { TransportError } from './transport-error';
import type { FailureKind } from './transport-error';

export interface SmtpTransportOptions {
  host: string;
  port?: number;
  /** Implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
  secure?: boolean;
  auth?: { user: string; pass: string };
  /** Refuse to send unencrypted when the server does not offer STARTTLS. */
  requireTls?: boolean;
  /** Passed to Node's TLS (e.g. `{ rejectUnauthorized: false }` for a local relay). */
  tls?: { rejectUnauthorized?: boolean; servername?: string };
}

// Failures of the connection itself: the message was not accepted, so sending again is safe.
const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROTOCOL',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
]);

// The relay refuses our credentials: every message would fail until someone fixes the config.
const ACCOUNT_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2']);

function kindOf(code: string, responseCode: number | undefined): FailureKind {
  if (ACCOUNT_CODES.has(code)) return 'pause';
  if (responseCode !== undefined && responseCode >= 500) return 'permanent';
  if (responseCode !== undefined && responseCode >= 400) return 'retry';
  if (CONNECTION_CODES.has(code)) return 'retry';
  return 'retry';
}

/**
 * `afterHandOver`: the final dot may have been written. A failure then without an SMTP answer
 * (the connection dropped, a timeout waiting for the 250) leaves acceptance unknown: `uncertain`.
 * A 4xx or 5xx answer to the message is the server's word that it did not take it.
 */
export function classifySmtpError(err: unknown, afterHandOver = false): TransportError {
  if (err instanceof TransportError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    responseCode?: unknown;
    response?: unknown;
    message?: unknown;
  };
  const code = typeof e.code === 'string' ? e.code : '';
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const detail =
    typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : String(err);
  const kind = afterHandOver && responseCode === undefined ? 'uncertain' : kindOf(code, responseCode);
  const reason = `smtp ${code || 'error'}${responseCode ? ` ${responseCode}` : ''}: ${detail}`.slice(0, 500);
  return new TransportError(kind, reason, { cause: err });
}

/**
 * The message as SMTPConnection reads it, ending only once the hand-over is recorded. The
 * connection pipes it after the server answered DATA with 354, so the first read marks the
 * server waiting for the message; the end of this stream is what makes the connection write
 * the final dot, the server's cue to accept. Until then, a crash or a refused hand-over leaves
 * an unfinished DATA the server throws away.
 */
class MessageEndingAfterHandOver extends Readable {
  private stage: 'body' | 'hand-over' | 'done' = 'body';
  /** The hand-over was recorded and the end of the message released: the server may accept it now. */
  handed = false;

  constructor(
    private readonly raw: Buffer,
    private readonly handOver: HandOver,
  ) {
    super();
  }

  override _read(): void {
    if (this.stage === 'body') {
      this.stage = 'hand-over';
      this.push(this.raw);
      return;
    }
    if (this.stage !== 'hand-over') return;
    this.stage = 'done';
    this.handOver().then(
      (handed) => {
        if (!handed) return this.destroy(new HandOverRefused());
        this.handed = true;
        this.push(null);
      },
      (error: Error) => this.destroy(error),
    );
  }
}

/**
 * Sends the finished bytes to an SMTP relay (Mailpit locally, any smarthost in production), one
 * connection per email, through nodemailer's SMTPConnection (its documented client). Its
 * high-level transport starts reading the message into buffers of its own before MAIL FROM, so
 * the end of our stream could not tell when the server waits for the message, the moment between
 * "nothing can have arrived" and "it may have" where the hand-over is recorded.
 */
export class SmtpTransport implements MailTransport {
  readonly name = 'smtp' as const;

  constructor(private readonly opts: SmtpTransportOptions) {}

  async send(email: RawOutgoingEmail, handOver: HandOver): Promise<TransportResult> {
    const connection = new SMTPConnection({
      host: this.opts.host,
      port: this.opts.port ?? 587,
      secure: this.opts.secure ?? false,
      requireTLS: this.opts.requireTls ?? false,
      tls: this.opts.tls,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
    });
    let message: MessageEndingAfterHandOver | undefined;
    try {
      const response = await new Promise<string>((resolve, reject) => {
        // A connection-level failure can come at any step, even while closing; it ends this send.
        connection.on('error', reject);
        connection.connect((connectError) => {
          if (connectError) return reject(connectError);
          const deliver = () => {
            message = new MessageEndingAfterHandOver(email.raw, handOver);
            // The envelope is explicit so the relay never reads recipients from the headers.
            connection.send({ from: email.from, to: [email.to] }, message, (error, info) =>
              error ? reject(error) : resolve(info.response),
            );
          };
          if (!this.opts.auth) return deliver();
          connection.login(this.opts.auth, (loginError) => (loginError ? reject(loginError) : deliver()));
        });
      });
      const queued = /queued as ([A-Za-z0-9._-]+)/i.exec(response);
      return { transportId: queued?.[1] ?? email.messageId };
    } catch (err) {
      // The refusal reaches us wrapped by the connection (a stream error); say it plainly.
      if (message?.errored instanceof HandOverRefused) throw message.errored;
      throw classifySmtpError(err, message?.handed ?? false);
    } finally {
      // Closing mid-DATA drops the message at the server: nothing half-sent is ever accepted.
      connection.close();
    }
  }

  /** Nothing to release: each email has its own connection. */
  close(): void {}
}
