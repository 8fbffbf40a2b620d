import { makeSnsSigner } from '../../../test/factories/sns-signer';
import type { SnsSigner } from '../../../test/factories/sns-signer';
import type { SnsEnvelope } from './sns-envelope';
import { SnsVerificationError } from './sns-verification.error';
import type { SnsVerificationReason } from './sns-verification.error';
import { SnsVerifier } from './sns-verifier';

const OTHER_TOPIC = 'arn:aws:sns:us-east-1:123456789012:mentormail-events';

let signer: SnsSigner;
beforeAll(async () => {
  signer = await makeSnsSigner();
});

function verifier(overrides: Partial<ConstructorParameters<typeof SnsVerifier>[0]> = {}): SnsVerifier {
  return new SnsVerifier({
    allowedTopicArns: [signer.topicArn, OTHER_TOPIC],
    fetchCertificate: signer.fetchCertificate,
    ...overrides,
  });
}

async function expectReason(promise: Promise<unknown>, reason: SnsVerificationReason): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SnsVerificationError);
  expect((error as SnsVerificationError).reason).toBe(reason);
}

describe('SnsVerifier: valid messages', () => {
  it.each([1, 2] as const)('accepts a Notification signed with SignatureVersion %s', async (version) => {
    const envelope = signer.sign(
      { Message: '{"notificationType":"Received"}', Subject: 'Amazon SES Email Receipt Notification' },
      version,
    );
    await expect(verifier().verify(envelope)).resolves.toEqual(envelope);
  });

  it.each([1, 2] as const)('accepts a Notification without Subject, v%s', async (version) => {
    const envelope = signer.sign('hello', version);
    expect(envelope.Subject).toBeUndefined();
    await expect(verifier().verify(envelope)).resolves.toMatchObject({ Message: 'hello' });
  });

  it.each(['SubscriptionConfirmation', 'UnsubscribeConfirmation'] as const)(
    'accepts a signed %s',
    async (Type) => {
      const envelope = signer.sign({ Type, Message: 'You have chosen to subscribe to the topic' }, 2);
      await expect(verifier().verify(envelope)).resolves.toMatchObject({ Type, Token: 'tok-123' });
    },
  );

  it('accepts the body as the raw JSON string SNS posts with text/plain', async () => {
    const envelope = signer.sign('raw body', 1);
    await expect(verifier().verify(JSON.stringify(envelope))).resolves.toMatchObject({ Message: 'raw body' });
    await expect(verifier().verify(Buffer.from(JSON.stringify(envelope)))).resolves.toMatchObject({
      MessageId: envelope.MessageId,
    });
  });

  it('keeps non-ASCII text intact through the signature', async () => {
    const envelope = signer.sign('Größe — 学習 ✓', 2);
    await expect(verifier().verify(envelope)).resolves.toMatchObject({ Message: 'Größe — 学習 ✓' });
  });

  it('drops unknown keys from the returned envelope', async () => {
    const envelope = { ...signer.sign('x', 2), Injected: 'nope' };
    const verified = await verifier().verify(envelope);
    expect(verified).not.toHaveProperty('Injected');
  });
});

describe('SnsVerifier: tampering', () => {
  const cases: [string, (envelope: SnsEnvelope) => unknown, SnsVerificationReason][] = [
    ['Message', (e) => ({ ...e, Message: `${e.Message} ` }), 'invalid_signature'],
    ['MessageId', (e) => ({ ...e, MessageId: 'other-id' }), 'invalid_signature'],
    ['Subject', (e) => ({ ...e, Subject: 'injected' }), 'invalid_signature'],
    ['TopicArn to another allowed topic', (e) => ({ ...e, TopicArn: OTHER_TOPIC }), 'invalid_signature'],
    [
      'TopicArn to a disallowed topic',
      (e) => ({ ...e, TopicArn: 'arn:aws:sns:us-east-1:999999999999:attacker' }),
      'topic_not_allowed',
    ],
    [
      'Timestamp by one second',
      (e) => ({ ...e, Timestamp: new Date(Date.parse(e.Timestamp) - 1000).toISOString() }),
      'invalid_signature',
    ],
    [
      'Timestamp into a non-ISO form',
      (e) => ({ ...e, Timestamp: 'Tue, 10 Mar 2026 10:00:00 GMT' }),
      'invalid_timestamp',
    ],
    ['Signature bytes', (e) => ({ ...e, Signature: flipFirstByte(e.Signature) }), 'invalid_signature'],
    ['Signature to garbage', (e) => ({ ...e, Signature: 'not-base64!!' }), 'invalid_signature'],
    ['SignatureVersion 2 -> 1', (e) => ({ ...e, SignatureVersion: '1' }), 'invalid_signature'],
    ['SignatureVersion 3', (e) => ({ ...e, SignatureVersion: '3' }), 'unsupported_signature_version'],
    ['Type', (e) => ({ ...e, Type: 'Custom' }), 'unsupported_type'],
    ['a missing Signature', ({ Signature: _omit, ...rest }) => rest, 'malformed_body'],
  ];

  it.each(cases)('refuses a changed %s', async (_name, tamper, reason) => {
    await expectReason(verifier().verify(tamper(signer.sign('{"mail":{}}', 2))), reason);
  });

  const badCertUrls = [
    'https://sns.us-east-1.amazonaws.com.evil.com/SimpleNotificationService-abc.pem',
    'http://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem',
    'https://evil.com/sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem',
    'https://sns.us-east-1.amazonaws.com@evil.com/SimpleNotificationService-abc.pem',
    'https://user:pw@sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem',
    'https://sns.us-east-1.amazonaws.com:8443/SimpleNotificationService-abc.pem',
    'https://sns.us-east-1.amazonaws.com./SimpleNotificationService-abc.pem',
    'https://evilsns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem',
    'https://s3.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem',
    'https://sns.us-east-1.amazonaws.com/mybucket/cert.pem',
    'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem?x=https://evil.com',
    'file:///etc/ssl/cert.pem',
    'not a url',
  ];

  it.each(badCertUrls)('refuses SigningCertURL %s without fetching it', async (url) => {
    const fetchCertificate = jest.fn(signer.fetchCertificate);
    await expectReason(
      verifier({ fetchCertificate }).verify({ ...signer.sign('x', 1), SigningCertURL: url }),
      'invalid_cert_url',
    );
    expect(fetchCertificate).not.toHaveBeenCalled();
  });

  it('accepts the China partition host and the explicit default port', async () => {
    const cn = await makeSnsSigner({
      region: 'cn-north-1',
      topicArn: 'arn:aws-cn:sns:cn-north-1:123456789012:t',
    });
    expect(cn.certUrl).toMatch(/^https:\/\/sns\.cn-north-1\.amazonaws\.com\//);
    const cnUrl = cn.certUrl.replace('amazonaws.com/', 'amazonaws.com.cn/');
    const v = new SnsVerifier({
      allowedTopicArns: [cn.topicArn],
      fetchCertificate: () => cn.fetchCertificate(cn.certUrl),
    });
    await expect(v.verify({ ...cn.sign('x', 2), SigningCertURL: cnUrl })).resolves.toBeDefined();
    const withPort = signer.certUrl.replace('amazonaws.com/', 'amazonaws.com:443/');
    await expect(
      verifier().verify({ ...signer.sign('x', 2), SigningCertURL: withPort }),
    ).resolves.toBeDefined();
  });

  it('refuses a message signed by a different key at an accepted AWS-looking URL', async () => {
    const impostor = await makeSnsSigner();
    const forged = { ...impostor.sign('forged', 2), SigningCertURL: signer.certUrl };
    await expectReason(verifier().verify(forged), 'invalid_signature');
  });
});

describe('SnsVerifier: freshness and certificates', () => {
  // A fixed instant, but near the real clock so the freshly made certificate is valid at it.
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);

  it('refuses a Timestamp older than the window and accepts one just inside it', async () => {
    const v = verifier({ now: () => now, maxMessageAgeMs: 60 * 60_000 });
    const old = signer.sign(
      { Message: 'x', Timestamp: new Date(now.getTime() - 60 * 60_000 - 1).toISOString() },
      2,
    );
    await expectReason(v.verify(old), 'stale_timestamp');
    const recent = signer.sign(
      { Message: 'x', Timestamp: new Date(now.getTime() - 59 * 60_000).toISOString() },
      2,
    );
    await expect(v.verify(recent)).resolves.toBeDefined();
  });

  it('defaults to a 75-minute window, so a retry at SNS’s 1-hour limit still passes', async () => {
    const v = verifier({ now: () => now });
    const atLimit = signer.sign(
      { Message: 'x', Timestamp: new Date(now.getTime() - 61 * 60_000).toISOString() },
      2,
    );
    await expect(v.verify(atLimit)).resolves.toBeDefined();
    const tooOld = signer.sign(
      { Message: 'x', Timestamp: new Date(now.getTime() - 76 * 60_000).toISOString() },
      2,
    );
    await expectReason(v.verify(tooOld), 'stale_timestamp');
  });

  it('refuses a Timestamp far in the future', async () => {
    const future = signer.sign(
      { Message: 'x', Timestamp: new Date(now.getTime() + 16 * 60_000).toISOString() },
      2,
    );
    await expectReason(verifier({ now: () => now }).verify(future), 'invalid_timestamp');
  });

  it('fetches a certificate once per URL, even for concurrent messages', async () => {
    const fetchCertificate = jest.fn(signer.fetchCertificate);
    const v = verifier({ fetchCertificate });
    await Promise.all([v.verify(signer.sign('a', 1)), v.verify(signer.sign('b', 2))]);
    await v.verify(signer.sign('c', 2));
    expect(fetchCertificate).toHaveBeenCalledTimes(1);
    expect(fetchCertificate).toHaveBeenCalledWith(signer.certUrl);
  });

  it('bounds the cache: the least recently used URL is fetched again', async () => {
    const signers = [signer, await makeSnsSigner(), await makeSnsSigner()];
    const byUrl = new Map(signers.map((s) => [s.certUrl, s]));
    const fetchCertificate = jest.fn((url: string) => byUrl.get(url)!.fetchCertificate(url));
    const v = verifier({ fetchCertificate, certificateCacheSize: 2 });
    for (const s of signers) await v.verify(s.sign('x', 2));
    await v.verify(signers[2].sign('x', 2));
    expect(fetchCertificate).toHaveBeenCalledTimes(3);
    await v.verify(signers[0].sign('x', 2));
    expect(fetchCertificate).toHaveBeenCalledTimes(4);
  });

  it('retries a failed certificate download on the next message', async () => {
    const fetchCertificate = jest
      .fn()
      .mockRejectedValueOnce(new Error('ETIMEDOUT'))
      .mockImplementation(signer.fetchCertificate);
    const v = verifier({ fetchCertificate });
    await expectReason(v.verify(signer.sign('x', 2)), 'cert_fetch_failed');
    await expect(v.verify(signer.sign('x', 2))).resolves.toBeDefined();
    expect(fetchCertificate).toHaveBeenCalledTimes(2);
  });

  it('refuses a download that is not a certificate', async () => {
    const v = verifier({ fetchCertificate: () => Promise.resolve('<html>oops</html>') });
    await expectReason(v.verify(signer.sign('x', 2)), 'invalid_certificate');
  });

  it('refuses a certificate outside its validity period', async () => {
    const expired = await makeSnsSigner({
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2021-01-01T00:00:00Z'),
    });
    const v = new SnsVerifier({
      allowedTopicArns: [expired.topicArn],
      fetchCertificate: expired.fetchCertificate,
    });
    await expectReason(v.verify(expired.sign('x', 2)), 'invalid_certificate');
  });
});

function flipFirstByte(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] ^= 0xff;
  return bytes.toString('base64');
}
