import { TransportError } from './transport-error';
import type { FailureKind } from './transport-error';

/**
 * Maps an error from the SES v1 API (or the network under it) to what the outbox should do.
 * The SDK does not retry (see createSesClient): the outbox decides, with the kind given here.
 *
 * Account-wide stops (sending paused, credentials rejected) are `pause`, not `permanent`: every
 * message would fail the same way until a person fixes the account, and marking each delivery
 * failed would throw away mail that goes through fine once sending resumes.
 */

const RETRY_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TooManyRequests',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

const PAUSE_NAMES = new Set([
  'AccountSendingPausedException',
  'ConfigurationSetSendingPausedException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'AccessDenied',
  'AccessDeniedException',
  'CredentialsProviderError',
]);

const PERMANENT_NAMES = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'ConfigurationSetDoesNotExistException',
  'InvalidParameterValue',
  'InvalidParameterCombination',
  'ValidationError',
]);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNABORTED',
]);

// Failures to reach SES at all: the request never left, so sending again cannot make a copy.
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

interface AwsLikeError {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function field(err: unknown, key: keyof AwsLikeError): unknown {
  return typeof err === 'object' && err !== null ? (err as AwsLikeError)[key] : undefined;
}

function kindOf(name: string, message: string, code: string, status: number | undefined): FailureKind {
  // Daily quota and sending rate share the name "Throttling"; only the message tells them apart.
  if (/daily message quota exceeded/i.test(message)) return 'pause';
  if (/maximum sending rate exceeded/i.test(message)) return 'retry';
  // Sandbox: the recipient (or sender) identity is not verified; retrying changes nothing.
  if (/email address is not verified/i.test(message)) return 'permanent';
  if (PAUSE_NAMES.has(name)) return 'pause';
  if (PERMANENT_NAMES.has(name)) return 'permanent';
  if (RETRY_NAMES.has(name)) return 'retry';
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(name) || /socket hang up/i.test(message)) {
    return 'retry';
  }
  if (status === 429 || (status !== undefined && status >= 500)) return 'retry';
  if (status !== undefined && status >= 400) return 'permanent';
  // Anything else (a bug in the SDK, an unexpected shape) is retried; Bull's attempts bound it.
  return 'retry';
}

/**
 * `afterHandOver`: the request may have reached SES. A network failure then with no HTTP answer
 * (a reset, a timeout) leaves acceptance unknown, and a failure after a 2xx answer means SES took
 * it: both `uncertain`, never sent again automatically. Any other HTTP answer (throttling, a 5xx)
 * is SES's word that it did not take the message.
 */
export function classifySesError(err: unknown, afterHandOver = false): TransportError {
  if (err instanceof TransportError) return err;
  const name = typeof field(err, 'name') === 'string' ? (field(err, 'name') as string) : 'Error';
  const message = typeof field(err, 'message') === 'string' ? (field(err, 'message') as string) : String(err);
  const code = typeof field(err, 'code') === 'string' ? (field(err, 'code') as string) : '';
  const rawStatus = field(err, '$metadata') as AwsLikeError['$metadata'];
  const status = typeof rawStatus?.httpStatusCode === 'number' ? rawStatus.httpStatusCode : undefined;
  const network =
    NETWORK_CODES.has(code) ||
    NETWORK_CODES.has(name) ||
    name === 'TimeoutError' ||
    /socket hang up/i.test(message);
  // Connecting failed (refused, no such host, a connect timeout): nothing reached SES.
  const neverSent =
    NEVER_SENT_CODES.has(code) ||
    NEVER_SENT_CODES.has(name) ||
    /^connect |connection timed out/i.test(message);
  const unanswered = status === undefined && network && !neverSent;
  // A 2xx is SES's acceptance: the SDK resolves on the headers and reads the body after, so a reset
  // or a timeout while reading it (or a body it cannot parse) comes with the 200 attached.
  const acceptedThenFailed = status !== undefined && status >= 200 && status < 300;
  const kind =
    afterHandOver && (unanswered || acceptedThenFailed) ? 'uncertain' : kindOf(name, message, code, status);
  const reason = `ses ${name}${code && code !== name ? ` (${code})` : ''}: ${message}`.slice(0, 500);
  return new TransportError(kind, reason, { cause: err });
}
