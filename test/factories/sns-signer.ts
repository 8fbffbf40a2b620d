import { createSign, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import type { SnsEnvelope, SnsMessageType } from '../../src/inbound/ses/sns-envelope';
import { SnsVerifier } from '../../src/inbound/ses/sns-verifier';

/**
 * Test-time stand-in for Amazon SNS: a fresh RSA key and self-signed certificate per signer, and
 * envelopes signed the way SNS signs them. The canonical string is written out here from the AWS
 * docs on purpose, not imported from src, so a mistake in the verifier's field order fails a spec.
 */
export interface SnsSignerOptions {
  region?: string;
  topicArn?: string;
  notBefore?: Date;
  notAfter?: Date;
}

export interface SnsMessageInput {
  Message: string;
  Type?: SnsMessageType;
  TopicArn?: string;
  MessageId?: string;
  Timestamp?: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
}

export interface SnsSigner {
  certUrl: string;
  certificatePem: string;
  topicArn: string;
  /** Serves the certificate for `certUrl` only, like SNS would; anything else rejects. */
  fetchCertificate: (url: string) => Promise<string>;
  sign(message: string | SnsMessageInput, version: 1 | 2): SnsEnvelope;
}

export const DEFAULT_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:mentormail-inbound';

export async function makeSnsSigner(options: SnsSignerOptions = {}): Promise<SnsSigner> {
  const region = options.region ?? 'us-east-1';
  const topicArn = options.topicArn ?? DEFAULT_TOPIC_ARN;
  const notBefore = options.notBefore ?? new Date(Date.now() - 24 * 3600_000);
  const generated = await generate([{ name: 'commonName', value: 'sns.amazonaws.com' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: options.notAfter ?? new Date(notBefore.getTime() + 365 * 24 * 3600_000),
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const certUrl = `https://sns.${region}.amazonaws.com/SimpleNotificationService-${randomBytes(16).toString('hex')}.pem`;

  return {
    certUrl,
    certificatePem: generated.cert,
    topicArn,
    fetchCertificate: (url) =>
      url === certUrl
        ? Promise.resolve(generated.cert)
        : Promise.reject(new Error(`no certificate at ${url}`)),
    sign(message, version) {
      const input = typeof message === 'string' ? { Message: message } : message;
      const type = input.Type ?? 'Notification';
      const fields: Record<string, string | undefined> = {
        Type: type,
        MessageId: input.MessageId ?? randomUUID(),
        TopicArn: input.TopicArn ?? topicArn,
        Message: input.Message,
        Timestamp: input.Timestamp ?? new Date().toISOString(),
        Subject: input.Subject,
        SubscribeURL:
          type === 'Notification'
            ? undefined
            : (input.SubscribeURL ??
              `https://sns.${region}.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(input.TopicArn ?? topicArn)}&Token=${input.Token ?? 'tok-123'}`),
        Token: type === 'Notification' ? undefined : (input.Token ?? 'tok-123'),
      };
      const order =
        type === 'Notification'
          ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
          : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
      const stringToSign = order
        .filter((key) => fields[key] !== undefined)
        .map((key) => `${key}\n${fields[key]}\n`)
        .join('');
      const signer = createSign(version === 1 ? 'RSA-SHA1' : 'RSA-SHA256');
      signer.update(stringToSign, 'utf8');
      const envelope: Record<string, string> = {};
      for (const [key, value] of Object.entries(fields)) if (value !== undefined) envelope[key] = value;
      return {
        ...(envelope as unknown as SnsEnvelope),
        SignatureVersion: version === 1 ? '1' : '2',
        Signature: signer.sign(generated.private, 'base64'),
        SigningCertURL: certUrl,
        ...(type === 'Notification' && {
          UnsubscribeURL: `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}:${randomUUID()}`,
        }),
      };
    },
  };
}

// ---- SES payload builders (start from the AWS-shaped fixtures in test/fixtures/ses) ----

const FIXTURES = join(__dirname, '..', 'fixtures', 'ses');

type Json = Record<string, unknown>;

/** A fresh deep copy of a fixture each call, so a spec can mutate it freely. */
export function loadSesFixture(name: string): Json {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Json;
}

export interface InboundSnsActionInput {
  raw?: string | Buffer;
  encoding?: 'UTF8' | 'BASE64';
  messageId?: string;
  recipients?: string[];
  source?: string;
}

/** An SES `Received` notification from a receipt rule's SNS action, the MIME inline in `content`. */
export function buildSesInboundSnsAction(input: InboundSnsActionInput = {}): Json {
  const root = loadSesFixture('received-sns-action');
  const mail = root.mail as Json;
  const receipt = root.receipt as Json;
  const encoding = input.encoding ?? 'UTF8';
  const raw = input.raw === undefined ? Buffer.from(root.content as string, 'utf8') : Buffer.from(input.raw);
  (receipt.action as Json).encoding = encoding;
  root.content = encoding === 'BASE64' ? raw.toString('base64') : raw.toString('utf8');
  applyEnvelope(mail, receipt, input);
  return root;
}

export interface InboundS3ActionInput {
  bucket?: string;
  key?: string;
  messageId?: string;
  recipients?: string[];
  source?: string;
}

/** An SES `Received` notification from a receipt rule's S3 action: names the object, no content. */
export function buildSesInboundS3Action(input: InboundS3ActionInput = {}): Json {
  const root = loadSesFixture('received-s3-action');
  const mail = root.mail as Json;
  const receipt = root.receipt as Json;
  const action = receipt.action as Json;
  applyEnvelope(mail, receipt, input);
  if (input.bucket !== undefined) action.bucketName = input.bucket;
  action.objectKey = input.key ?? `${action.objectKeyPrefix as string}${mail.messageId as string}`;
  return root;
}

function applyEnvelope(
  mail: Json,
  receipt: Json,
  input: { messageId?: string; recipients?: string[]; source?: string },
): void {
  if (input.messageId !== undefined) mail.messageId = input.messageId;
  if (input.source !== undefined) mail.source = input.source;
  if (input.recipients !== undefined) {
    receipt.recipients = input.recipients;
    mail.destination = input.recipients;
  }
}

export interface SesEventInput {
  /** Identity notifications say `notificationType`; configuration-set events say `eventType`. */
  style?: 'event' | 'notification';
  messageId?: string;
  recipients?: string[];
}

export function buildSesBounceEvent(
  input: SesEventInput & { bounceType?: string; bounceSubType?: string } = {},
): Json {
  const root = loadSesFixture('event-bounce');
  const bounce = root.bounce as Json;
  if (input.bounceType !== undefined) bounce.bounceType = input.bounceType;
  if (input.bounceSubType !== undefined) bounce.bounceSubType = input.bounceSubType;
  if (input.recipients !== undefined) {
    bounce.bouncedRecipients = input.recipients.map((emailAddress) => ({
      emailAddress,
      action: 'failed',
      status: '5.1.1',
      diagnosticCode: `smtp; 550 5.1.1 <${emailAddress}> user unknown`,
    }));
  }
  return finishEvent(root, 'Bounce', input);
}

export function buildSesComplaintEvent(input: SesEventInput & { complaintFeedbackType?: string } = {}): Json {
  const root = loadSesFixture('notification-complaint');
  const complaint = root.complaint as Json;
  if (input.complaintFeedbackType !== undefined)
    complaint.complaintFeedbackType = input.complaintFeedbackType;
  if (input.recipients !== undefined)
    complaint.complainedRecipients = input.recipients.map((emailAddress) => ({ emailAddress }));
  return finishEvent(root, 'Complaint', { style: 'notification', ...input });
}

export function buildSesDeliveryEvent(input: SesEventInput = {}): Json {
  const root = loadSesFixture('event-delivery');
  if (input.recipients !== undefined) (root.delivery as Json).recipients = input.recipients;
  return finishEvent(root, 'Delivery', input);
}

export function buildSesRejectEvent(input: SesEventInput = {}): Json {
  return finishEvent(loadSesFixture('event-reject'), 'Reject', input);
}

export function buildSesDeliveryDelayEvent(input: SesEventInput = {}): Json {
  return finishEvent(loadSesFixture('event-delivery-delay'), 'DeliveryDelay', input);
}

function finishEvent(root: Json, kind: string, input: SesEventInput): Json {
  const mail = root.mail as Json;
  if (input.messageId !== undefined) mail.messageId = input.messageId;
  if (input.recipients !== undefined) mail.destination = input.recipients;
  delete root.eventType;
  delete root.notificationType;
  if ((input.style ?? 'event') === 'event') root.eventType = kind;
  else {
    root.notificationType = kind;
    // Identity notifications carry no message tags.
    delete mail.tags;
  }
  return root;
}

/** The real verifier, trusting only `signer`'s topic and certificate (no network). */
export function verifierFor(signer: SnsSigner): SnsVerifier {
  return new SnsVerifier({ allowedTopicArns: [signer.topicArn], fetchCertificate: signer.fetchCertificate });
}
