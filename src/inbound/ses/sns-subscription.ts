import { parseAwsSnsUrl } from './sns-aws-urls';
import type { SnsEnvelope } from './sns-envelope';
import { SnsVerificationError } from './sns-verification.error';

export type HttpGet = (url: string) => Promise<unknown>;

/**
 * Confirms an SNS subscription by GETting its SubscribeURL. Call it only with an envelope that
 * SnsVerifier.verify() accepted; the checks here are a second line so that a forged or mistyped
 * envelope can never turn this server into a GET proxy for arbitrary URLs or subscribe us to a
 * topic we do not expect.
 */
export async function confirmSubscription(
  envelope: SnsEnvelope,
  httpGet: HttpGet,
  allowedTopicArns: readonly string[],
): Promise<void> {
  if (envelope.Type !== 'SubscriptionConfirmation') {
    throw new SnsVerificationError('not_a_subscription', envelope.Type);
  }
  if (!allowedTopicArns.includes(envelope.TopicArn)) {
    throw new SnsVerificationError('topic_not_allowed', envelope.TopicArn);
  }
  const url = envelope.SubscribeURL === undefined ? null : parseAwsSnsUrl(envelope.SubscribeURL);
  if (!url || url.searchParams.get('Action') !== 'ConfirmSubscription') {
    throw new SnsVerificationError('invalid_subscribe_url', envelope.SubscribeURL);
  }
  const urlTopic = url.searchParams.get('TopicArn');
  if (urlTopic !== null && urlTopic !== envelope.TopicArn) {
    throw new SnsVerificationError('invalid_subscribe_url', `URL names topic ${urlTopic}`);
  }
  await httpGet(url.href);
}
