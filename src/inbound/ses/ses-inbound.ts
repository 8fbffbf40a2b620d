import { SesPayloadError } from './ses-payload.error';
import { asObject, parseJsonObject, readOptionalString, readString, readStringArray } from './ses-json';
import type { JsonObject } from './ses-json';

export type SesVerdict = 'pass' | 'fail' | 'gray' | 'processing_failed' | 'disabled';

export interface SesVerdicts {
  spf: SesVerdict;
  dkim: SesVerdict;
  dmarc: SesVerdict;
  spam: SesVerdict;
  virus: SesVerdict;
}

export type SesInboundContent = { kind: 'inline'; raw: Buffer } | { kind: 's3'; bucket: string; key: string };

export interface SesInbound {
  /** SES's id for the received mail; also the S3 object name after the prefix, and a natural job id. */
  messageId: string;
  /** Envelope recipients this receipt rule matched (not the To header). */
  recipients: string[];
  /** Envelope sender (MAIL FROM). */
  source: string;
  verdicts: SesVerdicts;
  /** The sender domain's DMARC policy, present only when DMARC failed. */
  dmarcPolicy?: 'none' | 'quarantine' | 'reject';
  content: SesInboundContent;
}

const VERDICTS: Record<string, SesVerdict> = {
  PASS: 'pass',
  FAIL: 'fail',
  GRAY: 'gray',
  PROCESSING_FAILED: 'processing_failed',
  DISABLED: 'disabled',
};

const VERDICT_FIELDS = {
  spf: 'spfVerdict',
  dkim: 'dkimVerdict',
  dmarc: 'dmarcVerdict',
  spam: 'spamVerdict',
  virus: 'virusVerdict',
} as const;

/**
 * Parses the `Message` of a verified SNS notification from an SES receipt rule (notificationType
 * `Received`). Two actions lead here: the SNS action carries the MIME in `content` (up to 150 KB),
 * the S3 action only names the stored object.
 */
export function parseSesInboundNotification(message: string): SesInbound {
  const root = parseJsonObject(message, 'SES notification');
  const type = root.notificationType;
  if (type === 'AMAZON_SES_SETUP_NOTIFICATION')
    throw new SesPayloadError('setup_notification', 'receipt rule set-up test');
  if (type !== 'Received') throw new SesPayloadError('unexpected_type', `notificationType ${String(type)}`);

  const mail = asObject(root.mail, 'mail');
  const receipt = asObject(root.receipt, 'receipt');
  const action = asObject(receipt.action, 'receipt.action');
  const dmarcPolicy = readOptionalString(receipt, 'dmarcPolicy', 'receipt');
  if (dmarcPolicy !== undefined && !['none', 'quarantine', 'reject'].includes(dmarcPolicy)) {
    throw new SesPayloadError('invalid_field', `receipt.dmarcPolicy ${dmarcPolicy}`);
  }

  return {
    messageId: readString(mail, 'messageId', 'mail'),
    recipients: readStringArray(receipt, 'recipients', 'receipt'),
    source: readString(mail, 'source', 'mail'),
    verdicts: readVerdicts(receipt),
    ...(dmarcPolicy !== undefined && { dmarcPolicy: dmarcPolicy as SesInbound['dmarcPolicy'] }),
    content: readContent(root, action),
  };
}

function readVerdicts(receipt: JsonObject): SesVerdicts {
  const verdicts = {} as SesVerdicts;
  for (const [name, field] of Object.entries(VERDICT_FIELDS) as [keyof SesVerdicts, string][]) {
    // SES omits a verdict it did not compute (scanning off); that is the same as DISABLED.
    if (receipt[field] === undefined) {
      verdicts[name] = 'disabled';
      continue;
    }
    const status = readString(asObject(receipt[field], `receipt.${field}`), 'status', `receipt.${field}`);
    const verdict = VERDICTS[status];
    if (!verdict) throw new SesPayloadError('invalid_field', `receipt.${field}.status ${status}`);
    verdicts[name] = verdict;
  }
  return verdicts;
}

function readContent(root: JsonObject, action: JsonObject): SesInboundContent {
  const type = readString(action, 'type', 'receipt.action');
  if (type === 'S3') {
    return {
      kind: 's3',
      bucket: readString(action, 'bucketName', 'receipt.action'),
      key: readString(action, 'objectKey', 'receipt.action'),
    };
  }
  if (type !== 'SNS') throw new SesPayloadError('unexpected_type', `receipt.action.type ${type}`);
  const encoding = readString(action, 'encoding', 'receipt.action');
  const content = readString(root, 'content', 'notification');
  if (encoding === 'UTF8') return { kind: 'inline', raw: Buffer.from(content, 'utf8') };
  if (encoding !== 'BASE64')
    throw new SesPayloadError('invalid_field', `receipt.action.encoding ${encoding}`);
  // Buffer.from(…, 'base64') silently skips junk, which would hand a truncated mail downstream.
  const compact = content.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw new SesPayloadError('invalid_field', 'content is not valid base64');
  }
  return { kind: 'inline', raw: Buffer.from(compact, 'base64') };
}
