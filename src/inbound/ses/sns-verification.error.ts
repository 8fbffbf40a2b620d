/**
 * Why an SNS message was refused. A code rather than a message so the webhook can log and count
 * refusals by cause without parsing text, and so specs can assert the exact cause.
 */
export type SnsVerificationReason =
  | 'malformed_body'
  | 'unsupported_type'
  | 'unsupported_signature_version'
  | 'topic_not_allowed'
  | 'invalid_cert_url'
  | 'cert_fetch_failed'
  | 'invalid_certificate'
  | 'invalid_timestamp'
  | 'stale_timestamp'
  | 'invalid_signature'
  | 'not_a_subscription'
  | 'invalid_subscribe_url';

export class SnsVerificationError extends Error {
  override readonly name = 'SnsVerificationError';

  constructor(
    readonly reason: SnsVerificationReason,
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(detail ? `${reason}: ${detail}` : reason, options);
  }
}
