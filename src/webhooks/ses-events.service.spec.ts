import { SnsVerifier } from '../inbound/ses/sns-verifier';
import { SnsVerificationError } from '../inbound/ses/sns-verification.error';
import type { FeedbackService } from '../outbound/feedback/feedback.service';
import { buildSesBounceEvent, makeSnsSigner, type SnsSigner } from '../../test/factories/sns-signer';
import { SesEventsService } from './ses-events.service';

describe('SesEventsService', () => {
  let signer: SnsSigner;
  const recorded: unknown[] = [];
  const gets: string[] = [];
  const feedback = {
    recordSesEvents: (events: unknown[]) => {
      recorded.push(...events);
      return Promise.resolve({ recorded: events.length, duplicates: 0, suppressed: [], promptsStopped: [] });
    },
  } as unknown as FeedbackService;

  const service = (allowed: string[]) =>
    new SesEventsService(
      new SnsVerifier({ allowedTopicArns: allowed, fetchCertificate: signer.fetchCertificate }),
      feedback,
      (url) => {
        gets.push(url);
        return Promise.resolve('');
      },
    );

  beforeAll(async () => {
    signer = await makeSnsSigner({ topicArn: 'arn:aws:sns:eu-west-1:123456789012:ses-events' });
  });

  beforeEach(() => {
    recorded.length = 0;
    gets.length = 0;
  });

  it('records the events of a verified notification', async () => {
    const message = JSON.stringify(
      buildSesBounceEvent({ messageId: 'ses-1', recipients: ['a@x.example', 'b@x.example'] }),
    );
    const result = await service([signer.topicArn]).handle(JSON.stringify(signer.sign(message, 2)));
    expect(result).toEqual({ status: 'recorded', recorded: 2, duplicates: 0 });
    expect(recorded).toHaveLength(2);
  });

  it('refuses a tampered body and records nothing', async () => {
    const envelope = signer.sign(JSON.stringify(buildSesBounceEvent({ messageId: 'ses-2' })), 2);
    const tampered = { ...envelope, Message: envelope.Message.replace('ses-2', 'ses-3') };
    await expect(service([signer.topicArn]).handle(tampered)).rejects.toBeInstanceOf(SnsVerificationError);
    expect(recorded).toEqual([]);
  });

  it('confirms subscriptions to allowed topics only', async () => {
    const subscribeUrl = `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${signer.topicArn}&Token=t`;
    const envelope = signer.sign(
      { Type: 'SubscriptionConfirmation', Message: 'confirm', SubscribeURL: subscribeUrl, Token: 't' },
      2,
    );
    expect(await service([signer.topicArn]).handle(envelope)).toEqual({ status: 'subscribed' });
    expect(gets).toEqual([subscribeUrl]);
    await expect(
      service(['arn:aws:sns:eu-west-1:123456789012:other']).handle(envelope),
    ).rejects.toMatchObject({
      reason: 'topic_not_allowed',
    });
    expect(gets).toHaveLength(1);
  });
});
