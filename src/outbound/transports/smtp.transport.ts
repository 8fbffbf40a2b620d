import { createTransport } from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { MailTransport, RawOutgoingEmail, TransportResult } from './mail-transport';
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

export function classifySmtpError(err: unknown): TransportError {
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
  const kind = kindOf(code, responseCode);
  const reason = `smtp ${code || 'error'}${responseCode ? ` ${responseCode}` : ''}: ${detail}`.slice(0, 500);
  return new TransportError(kind, reason, { cause: err });
}

/** Sends the finished bytes to an SMTP relay (Mailpit locally, any smarthost in production). */
export class SmtpTransport implements MailTransport {
  readonly name = 'smtp' as const;
  private readonly transporter: Transporter;

  constructor(opts: SmtpTransportOptions) {
    this.transporter = createTransport({
      host: opts.host,
      port: opts.port ?? 587,
      secure: opts.secure ?? false,
      auth: opts.auth,
      requireTLS: opts.requireTls ?? false,
      tls: opts.tls,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
    });
  }

  async send(email: RawOutgoingEmail): Promise<TransportResult> {
    try {
      // The envelope is explicit so the relay never reads recipients from the headers.
      const info = (await this.transporter.sendMail({
        envelope: { from: email.from, to: [email.to] },
        raw: email.raw,
      })) as { response?: string; messageId?: string };
      const queued = /queued as ([A-Za-z0-9._-]+)/i.exec(info.response ?? '');
      return { transportId: queued?.[1] ?? email.messageId };
    } catch (err) {
      throw classifySmtpError(err);
    }
  }

  close(): void {
    this.transporter.close();
  }
}
