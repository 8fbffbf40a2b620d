/** One finished email, already rendered to raw MIME, addressed to exactly one recipient. */
export interface RawOutgoingEmail {
  /** Envelope sender (the relay or notices address; never a participant's real address). */
  from: string;
  /** The one real recipient. */
  to: string;
  raw: Buffer;
  /** Our own Message-ID (without angle brackets), kept for threading even when a provider rewrites it. */
  messageId: string;
  /** Provider tags, e.g. the delivery kind; transports that cannot carry them ignore them. */
  tags?: Record<string, string>;
}

export interface TransportResult {
  /** The provider's id for the sent email (SES MessageId, SMTP queue id, outbox file name). */
  transportId: string;
  /** Message-ID as the recipient will see it, when the provider rewrites ours (SES does). */
  providerMessageId?: string;
}

/**
 * Records that the email is handed over now; false when it must not go out after all (the outbox
 * took its claim back). A transport calls it once, at its point of no return, the latest moment
 * it can still stop without anything having left: a worker killed before it sent nothing, and
 * the outbox may send the email again; killed after it, whether it left is unknown.
 */
export type HandOver = () => Promise<boolean>;

/** The hand-over was refused: nothing was sent. */
export class HandOverRefused extends Error {
  constructor() {
    super('hand-over refused: the delivery is no longer this claim');
    this.name = 'HandOverRefused';
  }
}

/**
 * A way to hand an email to the world. Implementations throw TransportError (see
 * transport-error.ts) so the outbox can tell a retry from a permanent failure, and
 * HandOverRefused when `handOver` said no.
 */
export interface MailTransport {
  readonly name: 'file' | 'smtp' | 'ses';
  send(email: RawOutgoingEmail, handOver: HandOver): Promise<TransportResult>;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');
