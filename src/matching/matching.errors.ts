/**
 * `not-found`: no such proposal or programme; `not-open`: applied or replaced already;
 * `swap-refused` and `circle-refused`: see the message.
 */
export type MatchingErrorCode = 'not-found' | 'not-open' | 'swap-refused' | 'circle-refused';

/** A staff action on a proposal that cannot be done, with words for staff. */
export class MatchingError extends Error {
  constructor(
    readonly code: MatchingErrorCode,
    message: string,
  ) {
    super(message);
  }
}
