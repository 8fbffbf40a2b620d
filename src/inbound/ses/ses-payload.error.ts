/**
 * A payload from SES that cannot be used. All are permanent: retrying the same bytes gives the same
 * answer, so a worker should record and discard rather than let Bull retry.
 * `setup_notification` is the one benign case: SES sends it once when a rule or destination is created.
 */
export type SesPayloadErrorCode =
  'invalid_json' | 'setup_notification' | 'unexpected_type' | 'missing_field' | 'invalid_field';

export class SesPayloadError extends Error {
  override readonly name = 'SesPayloadError';

  constructor(
    readonly code: SesPayloadErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}
