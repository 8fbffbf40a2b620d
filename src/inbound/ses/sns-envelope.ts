import { SnsVerificationError } from './sns-verification.error';

export type SnsMessageType = 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
export type SnsSignatureVersion = '1' | '2';

/** The JSON body SNS POSTs to an HTTP/S subscriber (see AWS "HTTP/HTTPS notification JSON format"). */
export interface SnsEnvelope {
  Type: SnsMessageType;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: SnsSignatureVersion;
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
  UnsubscribeURL?: string;
}

const MESSAGE_TYPES: readonly string[] = [
  'Notification',
  'SubscriptionConfirmation',
  'UnsubscribeConfirmation',
];
const REQUIRED = [
  'Type',
  'MessageId',
  'TopicArn',
  'Message',
  'Timestamp',
  'SignatureVersion',
  'Signature',
  'SigningCertURL',
] as const;
const OPTIONAL = ['Subject', 'SubscribeURL', 'Token', 'UnsubscribeURL'] as const;

/**
 * Checks the shape only (no trust yet) and copies the known fields, so unknown keys a sender adds
 * never reach the rest of the app. SNS posts with `Content-Type: text/plain`, so the body may
 * arrive as a string or Buffer rather than parsed JSON.
 */
export function parseSnsEnvelope(body: unknown): SnsEnvelope {
  const value = typeof body === 'string' || Buffer.isBuffer(body) ? parseJson(body.toString()) : body;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SnsVerificationError('malformed_body', 'body is not a JSON object');
  }
  const record = value as Record<string, unknown>;
  const envelope: Record<string, string> = {};
  for (const key of REQUIRED) {
    const field = record[key];
    if (typeof field !== 'string')
      throw new SnsVerificationError('malformed_body', `${key} must be a string`);
    envelope[key] = field;
  }
  for (const key of OPTIONAL) {
    const field = record[key];
    // Lambda-style deliveries send Subject: null when there is none; it is not signed then.
    if (field === undefined || field === null) continue;
    if (typeof field !== 'string')
      throw new SnsVerificationError('malformed_body', `${key} must be a string`);
    envelope[key] = field;
  }
  if (!MESSAGE_TYPES.includes(envelope.Type)) {
    throw new SnsVerificationError('unsupported_type', envelope.Type);
  }
  if (envelope.SignatureVersion !== '1' && envelope.SignatureVersion !== '2') {
    throw new SnsVerificationError('unsupported_signature_version', envelope.SignatureVersion);
  }
  if (
    envelope.Type !== 'Notification' &&
    (envelope.SubscribeURL === undefined || envelope.Token === undefined)
  ) {
    throw new SnsVerificationError('malformed_body', `${envelope.Type} needs SubscribeURL and Token`);
  }
  return envelope as unknown as SnsEnvelope;
}

/**
 * The canonical "string to sign": `Key\nValue\n` pairs in the byte order AWS documents.
 * Notification: Message, MessageId, Subject (only when present), Timestamp, TopicArn, Type.
 * (Un)SubscriptionConfirmation: Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type.
 */
export function buildSnsStringToSign(envelope: SnsEnvelope): string {
  const keys: (keyof SnsEnvelope)[] =
    envelope.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  let out = '';
  for (const key of keys) {
    const value = envelope[key];
    if (value !== undefined) out += `${key}\n${value}\n`;
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SnsVerificationError('malformed_body', 'body is not valid JSON');
  }
}
