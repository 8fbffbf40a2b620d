/**
 * How the outbox should react to a failed send:
 * - retry: transient (throttling, network); Bull retries with jittered backoff;
 * - pause: the account cannot send until a reset (daily quota); the queue pauses;
 * - permanent: never retried; the reason is recorded on the delivery;
 * - uncertain: the connection failed after the message was handed over, with no answer: the
 *   provider may have accepted it, so it is never sent again automatically; staff decide.
 */
export type FailureKind = 'retry' | 'pause' | 'permanent' | 'uncertain';

export class TransportError extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'TransportError';
  }
}
