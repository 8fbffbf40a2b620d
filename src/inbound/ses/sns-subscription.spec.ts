import { makeSnsSigner } from '../../../test/factories/sns-signer';
import type { SnsSigner } from '../../../test/factories/sns-signer';
import { confirmSubscription } from './sns-subscription';
import { SnsVerificationError } from './sns-verification.error';
import { SnsVerifier } from './sns-verifier';

let signer: SnsSigner;
beforeAll(async () => {
  signer = await makeSnsSigner();
});

function subscription(overrides: { SubscribeURL?: string; TopicArn?: string } = {}) {
  return signer.sign(
    { Type: 'SubscriptionConfirmation', Message: 'You have chosen to subscribe', ...overrides },
    2,
  );
}

describe('confirmSubscription', () => {
  it('GETs the SubscribeURL of an allowed topic', async () => {
    const httpGet = jest.fn().mockResolvedValue('<ConfirmSubscriptionResponse/>');
    const envelope = subscription();
    await confirmSubscription(envelope, httpGet, [signer.topicArn]);
    expect(httpGet).toHaveBeenCalledTimes(1);
    expect(httpGet).toHaveBeenCalledWith(envelope.SubscribeURL);
  });

  it('works end to end from a verified envelope through SnsVerifier', async () => {
    const httpGet = jest.fn().mockResolvedValue('');
    const verifier = new SnsVerifier({
      allowedTopicArns: [signer.topicArn],
      fetchCertificate: signer.fetchCertificate,
    });
    const envelope = await verifier.verify(subscription());
    await verifier.confirmSubscription(envelope, httpGet);
    expect(httpGet).toHaveBeenCalledWith(envelope.SubscribeURL);
  });

  const refused: [string, () => Parameters<typeof confirmSubscription>[0], string][] = [
    ['a Notification', () => signer.sign('x', 2), 'not_a_subscription'],
    [
      'an UnsubscribeConfirmation',
      () => signer.sign({ Type: 'UnsubscribeConfirmation', Message: 'x' }, 2),
      'not_a_subscription',
    ],
    [
      'a topic not on the list',
      () => subscription({ TopicArn: 'arn:aws:sns:us-east-1:999999999999:other' }),
      'topic_not_allowed',
    ],
    [
      'an http SubscribeURL',
      () => subscription({ SubscribeURL: 'http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription' }),
      'invalid_subscribe_url',
    ],
    [
      'a look-alike host',
      () =>
        subscription({
          SubscribeURL: 'https://sns.us-east-1.amazonaws.com.evil.com/?Action=ConfirmSubscription',
        }),
      'invalid_subscribe_url',
    ],
    [
      'a userinfo trick',
      () =>
        subscription({
          SubscribeURL: 'https://sns.us-east-1.amazonaws.com@127.0.0.1/?Action=ConfirmSubscription',
        }),
      'invalid_subscribe_url',
    ],
    [
      'another action',
      () => subscription({ SubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe' }),
      'invalid_subscribe_url',
    ],
    [
      'a URL naming another topic',
      () =>
        subscription({
          SubscribeURL:
            'https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:999999999999:x&Token=t',
        }),
      'invalid_subscribe_url',
    ],
  ];

  it.each(refused)('refuses %s without any GET', async (_name, build, reason) => {
    const httpGet = jest.fn().mockResolvedValue('');
    const error: unknown = await confirmSubscription(build(), httpGet, [signer.topicArn]).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SnsVerificationError);
    expect((error as SnsVerificationError).reason).toBe(reason);
    expect(httpGet).not.toHaveBeenCalled();
  });

  it('passes a failed GET through so the webhook answers 5xx and SNS retries', async () => {
    const httpGet = jest.fn().mockRejectedValue(new Error('ECONNRESET'));
    await expect(confirmSubscription(subscription(), httpGet, [signer.topicArn])).rejects.toThrow(
      'ECONNRESET',
    );
  });
});
