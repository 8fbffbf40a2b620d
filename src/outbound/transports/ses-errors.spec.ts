import { SESServiceException } from '@aws-sdk/client-ses';
import { classifySesError } from './ses-errors';
import { TransportError } from './transport-error';

function sesError(name: string, message: string, status = 400): SESServiceException {
  return new SESServiceException({
    name,
    message,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}

function networkError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifySesError', () => {
  it.each([
    ['Throttling: sending rate', sesError('Throttling', 'Maximum sending rate exceeded.'), 'retry'],
    ['Throttling: daily quota', sesError('Throttling', 'Daily message quota exceeded.'), 'pause'],
    ['TooManyRequests', sesError('TooManyRequestsException', 'Too many requests', 429), 'retry'],
    ['ServiceUnavailable', sesError('ServiceUnavailable', 'Service unavailable', 503), 'retry'],
    ['InternalFailure', sesError('InternalFailure', 'internal', 500), 'retry'],
    ['an unnamed 502', sesError('UnknownError', 'Bad Gateway', 502), 'retry'],
    ['ECONNRESET', networkError('ECONNRESET', 'read ECONNRESET'), 'retry'],
    ['ETIMEDOUT', networkError('ETIMEDOUT', 'connect ETIMEDOUT 1.2.3.4:443'), 'retry'],
    ['ENOTFOUND', networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND email.eu-west-1.amazonaws.com'), 'retry'],
    [
      'TimeoutError',
      Object.assign(new Error('Connection timed out after 5000 ms'), { name: 'TimeoutError' }),
      'retry',
    ],
    ['socket hang up', new Error('socket hang up'), 'retry'],
    ['MessageRejected', sesError('MessageRejected', 'Message contains a virus'), 'permanent'],
    [
      'sandbox: Email address is not verified',
      sesError(
        'MessageRejected',
        'Email address is not verified. The following identities failed the check in region EU-WEST-1: bob@example.com',
      ),
      'permanent',
    ],
    [
      'MailFromDomainNotVerified',
      sesError('MailFromDomainNotVerifiedException', 'not verified'),
      'permanent',
    ],
    [
      'ConfigurationSetDoesNotExist',
      sesError('ConfigurationSetDoesNotExistException', 'no such set'),
      'permanent',
    ],
    ['InvalidParameterValue', sesError('InvalidParameterValue', 'Illegal header'), 'permanent'],
    ['an unnamed 400', sesError('SomethingNew', 'bad request', 400), 'permanent'],
    ['AccountSendingPaused', sesError('AccountSendingPausedException', 'paused'), 'pause'],
    ['ConfigurationSetSendingPaused', sesError('ConfigurationSetSendingPausedException', 'paused'), 'pause'],
    ['rejected credentials', sesError('InvalidClientTokenId', 'The security token is invalid', 403), 'pause'],
    ['something unknown', 'a string, not even an Error', 'retry'],
  ])('%s -> %s', (_, err, kind) => {
    const result = classifySesError(err);
    expect(result).toBeInstanceOf(TransportError);
    expect(result.kind).toBe(kind);
    expect(result.cause).toBe(err);
  });

  it.each([
    ['a reset mid-request', networkError('ECONNRESET', 'read ECONNRESET'), 'uncertain'],
    ['socket hang up', new Error('socket hang up'), 'uncertain'],
    [
      'a request timeout',
      Object.assign(new Error('Request timed out'), { name: 'TimeoutError' }),
      'uncertain',
    ],
    ['a refused connection', networkError('ECONNREFUSED', 'connect ECONNREFUSED 1.2.3.4:443'), 'retry'],
    ['a connect timeout', networkError('ETIMEDOUT', 'connect ETIMEDOUT 1.2.3.4:443'), 'retry'],
    [
      'no such host',
      networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND email.eu-west-1.amazonaws.com'),
      'retry',
    ],
    [
      'a connection timeout',
      Object.assign(new Error('Connection timed out after 5000 ms'), { name: 'TimeoutError' }),
      'retry',
    ],
    // The SDK resolves on SES's headers and reads the body after; a failure then carries the 200.
    [
      'a reset while reading a 200',
      Object.assign(networkError('ECONNRESET', 'aborted'), { $metadata: { httpStatusCode: 200 } }),
      'uncertain',
    ],
    [
      'a 200 body that would not parse',
      Object.assign(new SyntaxError('Unexpected end of input'), { $metadata: { httpStatusCode: 200 } }),
      'uncertain',
    ],
    ['SES answered: throttled', sesError('ThrottlingException', 'Rate exceeded', 400), 'retry'],
    ['SES answered: a 503', sesError('ServiceUnavailable', 'Service unavailable', 503), 'retry'],
    ['SES answered: rejected', sesError('MessageRejected', 'Message contains a virus'), 'permanent'],
  ])('after the hand-over, %s -> %s (no answer from SES: it may have the message)', (_, err, kind) => {
    expect(classifySesError(err, true).kind).toBe(kind);
  });

  it('keeps the SES name and message in the reason', () => {
    const reason = classifySesError(sesError('MessageRejected', 'Message contains a virus')).reason;
    expect(reason).toBe('ses MessageRejected: Message contains a virus');
  });

  it('passes a TransportError through unchanged', () => {
    const err = new TransportError('pause', 'already classified');
    expect(classifySesError(err)).toBe(err);
  });
});
