import { GetSendQuotaCommand, SendRawEmailCommand, SESClient } from '@aws-sdk/client-ses';
import type { MessageTag } from '@aws-sdk/client-ses';
import {
  type HandOver,
  HandOverRefused,
  type MailTransport,
  type RawOutgoingEmail,
  type TransportResult,
} from './mail-transport';
import { classifySesError } from './ses-errors';
import { TransportError } from './transport-error';

export interface SesTransportOptions {
  client: SESClient;
  /** Configuration set whose event destination publishes bounces, complaints and deliveries. */
  configurationSet?: string;
  /** Tags on every message (e.g. the stream); a message's own tags win on a name clash. */
  tags?: Record<string, string>;
  /** Resolves when the account's rate allows one more call (see SendPacer). */
  pace?: () => Promise<void>;
}

/**
 * An SES client whose own retries stay low: the outbox retries through Bull with backoff, and
 * two layers of 3 attempts each would turn one throttled send into 9 calls. Timeouts keep a hung
 * connection from holding a worker until its Bull lock expires.
 */
export function createSesClient(opts: { region: string; maxAttempts?: number }): SESClient {
  return new SESClient({
    region: opts.region,
    // No retries inside the SDK: it would resend a request that timed out after SES took it (a
    // second copy). Throttling and 5xx answers come back to the outbox, which retries them with
    // backoff; an unanswered request becomes `uncertain` (see classifySesError).
    maxAttempts: opts.maxAttempts ?? 1,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
}

/** The account's sending rate (messages per second), for the outbox queue's rate limiter. */
export async function readMaxSendRate(client: SESClient): Promise<number> {
  const quota = await client.send(new GetSendQuotaCommand({}));
  const rate = quota.MaxSendRate;
  if (typeof rate !== 'number' || !(rate > 0)) {
    throw new Error(`SES GetSendQuota returned no usable MaxSendRate (${String(rate)})`);
  }
  return rate;
}

// SES tag names and values: ASCII letters, digits, '_' and '-', at most 256 characters.
function tagPart(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);
}

export function sesTags(...sources: (Record<string, string> | undefined)[]): MessageTag[] {
  const merged = new Map<string, string>();
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) {
      const n = tagPart(name);
      if (n) merged.set(n, tagPart(value) || '_');
    }
  }
  return [...merged].map(([Name, Value]) => ({ Name, Value }));
}

/**
 * The Message-ID SES puts on the wire in place of ours: `<MessageId@email.amazonses.com>` in
 * us-east-1, `<MessageId@<region>.amazonses.com>` elsewhere. AWS does not promise this format, so
 * threading also relies on our own id, which SES keeps in References.
 */
export function sesWireMessageId(messageId: string, region: string): string {
  const host = region === 'us-east-1' ? 'email' : region;
  return `${messageId}@${host}.amazonses.com`;
}

/** Sends through SES v1 SendRawEmail, one recipient per call, never trusting the To header. */
export class SesTransport implements MailTransport {
  readonly name = 'ses' as const;
  private region: Promise<string | undefined> | undefined;

  constructor(private readonly opts: SesTransportOptions) {}

  async send(email: RawOutgoingEmail, handOver: HandOver): Promise<TransportResult> {
    const tags = sesTags(this.opts.tags, email.tags);
    // Paced before the hand-over, so a worker stopped while it waits has sent nothing.
    await this.opts.pace?.();
    // One HTTPS request, with no later moment to stop it: the hand-over is recorded before it.
    if (!(await handOver())) throw new HandOverRefused();
    let messageId: string | undefined;
    try {
      const out = await this.opts.client.send(
        new SendRawEmailCommand({
          Source: email.from,
          // Without Destinations SES would deliver to every address in To/Cc/Bcc of the raw mail.
          Destinations: [email.to],
          RawMessage: { Data: email.raw },
          ConfigurationSetName: this.opts.configurationSet,
          Tags: tags.length ? tags : undefined,
        }),
      );
      messageId = out.MessageId;
    } catch (err) {
      throw classifySesError(err, true);
    }
    if (!messageId) {
      // Accepted or not, we cannot tell; retrying could send twice, so a person has to look.
      throw new TransportError('permanent', 'ses SendRawEmail returned no MessageId');
    }
    // The mail is sent by now: nothing below may throw, or the outbox would send it again.
    const region = await this.clientRegion();
    return {
      transportId: messageId,
      providerMessageId: region ? sesWireMessageId(messageId, region) : undefined,
    };
  }

  private clientRegion(): Promise<string | undefined> {
    this.region ??= this.opts.client.config.region().catch(() => undefined);
    return this.region;
  }
}
