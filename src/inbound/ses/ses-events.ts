import { SesPayloadError } from './ses-payload.error';
import {
  asObject,
  parseJsonObject,
  readDate,
  readOptionalString,
  readString,
  readStringArray,
} from './ses-json';
import type { JsonObject } from './ses-json';

export type SesFeedbackType = 'bounce' | 'complaint' | 'delivery' | 'reject';
export type SesBounceType = 'Permanent' | 'Transient' | 'Undetermined';

export interface SesFeedbackEvent {
  type: SesFeedbackType;
  /** The id SendRawEmail returned; links the event to our outbox row. */
  sesMessageId: string;
  recipient: string;
  bounceType?: SesBounceType;
  bounceSubType?: string;
  /** Bounce: the remote diagnosticCode; delivery: the SMTP response; reject: SES's reason. */
  diagnostic?: string;
  complaintFeedbackType?: string;
  /** SES's feedback id (bounces and complaints); with the recipient it names the event uniquely. */
  feedbackId?: string;
  timestamp: Date;
  /** Message tags; only configuration-set event publishing carries them. */
  tags?: Record<string, string[]>;
}

/** The one plain-text (non-JSON) message SES posts when an event destination is created. */
const SETUP_MESSAGE = /^Successfully validated SNS topic for Amazon SES event publishing\.?$/;
const BOUNCE_TYPES: readonly string[] = ['Permanent', 'Transient', 'Undetermined'];

/**
 * Parses the `Message` of a verified SNS notification carrying SES feedback, from either identity
 * notifications (`notificationType`) or configuration-set event publishing (`eventType`), into one
 * event per affected recipient. Types that carry no outcome for suppression or delivery state are
 * ignored (empty array): Send, Open, Click, Rendering Failure, Subscription, and DeliveryDelay, since
 * SES keeps retrying a delayed message and a later Delivery or Bounce settles it.
 */
export function parseSesEventNotification(message: string): SesFeedbackEvent[] {
  if (SETUP_MESSAGE.test(message.trim())) return [];
  const root = parseJsonObject(message, 'SES event');
  const kind = root.eventType ?? root.notificationType;
  if (typeof kind !== 'string') throw new SesPayloadError('missing_field', 'eventType or notificationType');

  const mail = asObject(root.mail, 'mail');
  const base = { sesMessageId: readString(mail, 'messageId', 'mail'), ...readTags(mail) };
  switch (kind) {
    case 'Bounce':
      return parseBounce(asObject(root.bounce, 'bounce'), base);
    case 'Complaint':
      return parseComplaint(asObject(root.complaint, 'complaint'), base);
    case 'Delivery':
      return parseDelivery(asObject(root.delivery, 'delivery'), base);
    case 'Reject':
      return parseReject(asObject(root.reject, 'reject'), mail, base);
    default:
      return [];
  }
}

type Base = Pick<SesFeedbackEvent, 'sesMessageId' | 'tags'>;

function parseBounce(bounce: JsonObject, base: Base): SesFeedbackEvent[] {
  const rawType = readString(bounce, 'bounceType', 'bounce');
  // An unknown future bounce type must not cause suppression, so it is treated as Undetermined.
  const bounceType = (BOUNCE_TYPES.includes(rawType) ? rawType : 'Undetermined') as SesBounceType;
  const bounceSubType = readOptionalString(bounce, 'bounceSubType', 'bounce');
  const feedbackId = readOptionalString(bounce, 'feedbackId', 'bounce');
  const timestamp = readDate(bounce, 'timestamp', 'bounce');
  return recipientObjects(bounce, 'bouncedRecipients', 'bounce').map(({ address, entry, path }) => ({
    type: 'bounce',
    ...base,
    recipient: address,
    bounceType,
    ...optional('bounceSubType', bounceSubType),
    ...optional('diagnostic', readOptionalString(entry, 'diagnosticCode', path)),
    ...optional('feedbackId', feedbackId),
    timestamp,
  }));
}

function parseComplaint(complaint: JsonObject, base: Base): SesFeedbackEvent[] {
  const complaintFeedbackType = readOptionalString(complaint, 'complaintFeedbackType', 'complaint');
  const feedbackId = readOptionalString(complaint, 'feedbackId', 'complaint');
  const timestamp = readDate(complaint, 'timestamp', 'complaint');
  return recipientObjects(complaint, 'complainedRecipients', 'complaint').map(({ address }) => ({
    type: 'complaint',
    ...base,
    recipient: address,
    ...optional('complaintFeedbackType', complaintFeedbackType),
    ...optional('feedbackId', feedbackId),
    timestamp,
  }));
}

function parseDelivery(delivery: JsonObject, base: Base): SesFeedbackEvent[] {
  const timestamp = readDate(delivery, 'timestamp', 'delivery');
  const diagnostic = readOptionalString(delivery, 'smtpResponse', 'delivery');
  return readStringArray(delivery, 'recipients', 'delivery').map((recipient) => ({
    type: 'delivery',
    ...base,
    recipient,
    ...optional('diagnostic', diagnostic),
    timestamp,
  }));
}

/** A Reject names no recipients and no time: SES refused the whole message when it was sent. */
function parseReject(reject: JsonObject, mail: JsonObject, base: Base): SesFeedbackEvent[] {
  const timestamp = readDate(mail, 'timestamp', 'mail');
  const diagnostic = readOptionalString(reject, 'reason', 'reject');
  return readStringArray(mail, 'destination', 'mail').map((recipient) => ({
    type: 'reject',
    ...base,
    recipient,
    ...optional('diagnostic', diagnostic),
    timestamp,
  }));
}

function recipientObjects(
  parent: JsonObject,
  key: string,
  path: string,
): { address: string; entry: JsonObject; path: string }[] {
  const list = parent[key];
  if (!Array.isArray(list) || list.length === 0) throw new SesPayloadError('missing_field', `${path}.${key}`);
  return list.map((item, index) => {
    const itemPath = `${path}.${key}[${index}]`;
    const entry = asObject(item, itemPath);
    return { address: readString(entry, 'emailAddress', itemPath), entry, path: itemPath };
  });
}

function readTags(mail: JsonObject): Pick<SesFeedbackEvent, 'tags'> {
  if (mail.tags === undefined || mail.tags === null) return {};
  const tags = asObject(mail.tags, 'mail.tags');
  for (const [name, values] of Object.entries(tags)) {
    if (!Array.isArray(values) || !values.every((value) => typeof value === 'string')) {
      throw new SesPayloadError('invalid_field', `mail.tags.${name} must be an array of strings`);
    }
  }
  return { tags: tags as Record<string, string[]> };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
