import type { ParsedMail, StructuredHeader } from 'mailparser';
import { mimeTypeOf } from '../attachments/attachment-types';
import { bareAddress, hasHeader, headerValues, parseFieldBlock } from './headers';

/**
 * Bounces and other machine reports (delivery status, read receipts, abuse feedback) are never a
 * participant's words: they go to bounce scoring, and we never answer them, because answering a
 * report is how mail loops and backscatter start (Discourse: "never reply to bounces").
 */

/** One recipient block of a `message/delivery-status` part (RFC 3464 §2.3). */
export interface RecipientDeliveryStatus {
  /** The address the reporting MTA tried, without its `rfc822;` type. */
  finalRecipient: string;
  originalRecipient?: string;
  action: DeliveryAction;
  /** Enhanced status code (RFC 3463), e.g. `5.1.1` or Exchange's `5.1.10`. */
  status: string;
  /** True for a 5.x.x status: retrying will not help, so it counts as a hard bounce. */
  permanent: boolean;
  diagnosticCode?: string;
  remoteMta?: string;
}

export type DeliveryAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

export interface DeliveryReport {
  reportingMta?: string;
  /** Message-ID of the message that bounced, angle brackets included, as mailparser gives them. */
  originalMessageId?: string;
  recipients: RecipientDeliveryStatus[];
}

const DSN_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const ORIGINAL_TYPES = new Set([
  'message/rfc822',
  'text/rfc822-headers',
  'message/global',
  'message/global-headers',
]);
const ACTIONS = new Set<DeliveryAction>(['failed', 'delayed', 'delivered', 'relayed', 'expanded']);

/**
 * True for a delivery report or any other `multipart/report`, and for mail sent with the null
 * sender, which RFC 5321 §4.5.5 reserves for notifications. `envelopeFrom` is the SMTP MAIL FROM
 * when the intake knows it ('' or '<>' for the null sender); without it the `Return-Path` the final
 * MTA wrote stands in. A forged `<>` only gets the forger's own mail dropped, so trusting it is safe.
 */
export function isBounceOrReport(mail: ParsedMail, envelopeFrom?: string): boolean {
  const contentType = structuredContentType(mail);
  if (contentType?.value === 'multipart/report' || (contentType && DSN_TYPES.has(contentType.value)))
    return true;
  if (envelopeFrom !== undefined) {
    if (bareAddress(envelopeFrom) === '') return true;
  } else if (headerValues(mail, 'return-path').some((value) => bareAddress(value) === '')) {
    return true;
  }
  // Exim and Gmail name the failed addresses; Exchange marks its NDRs with an empty header.
  return hasHeader(mail, 'x-failed-recipients') || hasHeader(mail, 'x-ms-exchange-message-is-ndr');
}

/**
 * Reads the `message/delivery-status` part of a DSN, or null when the mail has none.
 *
 * mailparser's default (`keepDeliveryStatus: false`) appends that part to `mail.text`; with
 * `keepDeliveryStatus: true` it is an attachment. Both are handled. The text is only searched when
 * the mail declares itself a delivery report, so a person pasting a bounce into a reply is not
 * mistaken for one.
 */
export function parseDeliveryStatus(mail: ParsedMail): DeliveryReport | null {
  const source = deliveryStatusText(mail);
  if (source === null) return null;

  const blocks = source.split(/\r?\n[ \t]*\r?\n/).map(parseFieldBlock);
  const recipients = blocks.map(recipientStatus).filter((r): r is RecipientDeliveryStatus => r !== null);
  if (recipients.length === 0) return null;

  const perMessage = blocks.find((block) => block.has('reporting-mta')) ?? new Map<string, string>();
  const report: DeliveryReport = { recipients };
  const reportingMta = perMessage.get('reporting-mta');
  if (reportingMta) report.reportingMta = stripType(reportingMta);
  const originalMessageId =
    originalIdFromAttachment(mail) ??
    angleId(perMessage.get('x-original-message-id')) ??
    angleId(mail.inReplyTo);
  if (originalMessageId) report.originalMessageId = originalMessageId;
  return report;
}

function structuredContentType(mail: ParsedMail): StructuredHeader | undefined {
  const value = mail.headers.get('content-type');
  if (value && typeof value === 'object' && 'value' in value && 'params' in value) {
    return { value: String(value.value).toLowerCase(), params: value.params as Record<string, string> };
  }
  return undefined;
}

function deliveryStatusText(mail: ParsedMail): string | null {
  const attachment = mail.attachments.find((a) => DSN_TYPES.has(mimeTypeOf(a)));
  if (attachment) return attachment.content.toString('utf8');

  const contentType = structuredContentType(mail);
  const isDsn =
    contentType?.value === 'multipart/report' &&
    contentType.params['report-type']?.toLowerCase() === 'delivery-status';
  if (!isDsn || !mail.text) return null;
  // The human-readable notice comes first; the fields start at the first DSN field name.
  const start = /^(?:reporting-mta|original-envelope-id|final-recipient)[ \t]*:/im.exec(mail.text);
  return start ? mail.text.slice(start.index) : null;
}

function recipientStatus(block: Map<string, string>): RecipientDeliveryStatus | null {
  const finalRecipient = stripType(block.get('final-recipient') ?? block.get('original-recipient') ?? '');
  if (!finalRecipient) return null;

  const diagnosticCode = block.get('diagnostic-code');
  const status =
    enhancedCode(block.get('status')) ?? enhancedCode(diagnosticCode) ?? fallbackStatus(block.get('action'));
  const recipient: RecipientDeliveryStatus = {
    finalRecipient,
    action: deliveryAction(block.get('action'), status),
    status,
    permanent: status.startsWith('5.'),
  };
  const originalRecipient = block.get('original-recipient');
  if (originalRecipient) recipient.originalRecipient = stripType(originalRecipient);
  if (diagnosticCode) recipient.diagnosticCode = diagnosticCode.replace(/\s+/g, ' ');
  const remoteMta = block.get('remote-mta');
  if (remoteMta) recipient.remoteMta = stripType(remoteMta);
  return recipient;
}

/** `rfc822; <ann@example.com>` → `ann@example.com`; `dns; mx.example.com` → `mx.example.com`. */
function stripType(value: string): string {
  const typed = /^[A-Za-z0-9-]+[ \t]*;(.*)$/s.exec(value);
  return bareAddress(typed ? typed[1] : value);
}

function enhancedCode(value: string | undefined): string | undefined {
  return value ? /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(value)?.[1] : undefined;
}

/** A block without any status code still tells us the class through its action. */
function fallbackStatus(action: string | undefined): string {
  const word = action?.trim().toLowerCase();
  if (word === 'failed') return '5.0.0';
  if (word === 'delayed') return '4.0.0';
  return '2.0.0';
}

/** RFC 3464 lists five actions; an unknown one is inferred from the status class rather than dropped. */
function deliveryAction(value: string | undefined, status: string): DeliveryAction {
  const word = value?.trim().toLowerCase().split(/[\s(]/)[0] as DeliveryAction | undefined;
  if (word && ACTIONS.has(word)) return word;
  return status.startsWith('5.') ? 'failed' : status.startsWith('4.') ? 'delayed' : 'delivered';
}

/** The Message-ID in the returned message or its headers (`message/rfc822`, `text/rfc822-headers`). */
function originalIdFromAttachment(mail: ParsedMail): string | undefined {
  for (const attachment of mail.attachments) {
    if (!ORIGINAL_TYPES.has(mimeTypeOf(attachment))) continue;
    const text = attachment.content.toString('utf8');
    const headerSection = text.split(/\r?\n\r?\n/)[0];
    const id = angleId(parseFieldBlock(headerSection).get('message-id'));
    if (id) return id;
  }
  return undefined;
}

function angleId(value: string | undefined): string | undefined {
  const match = value ? /<[^<>\s]+>/.exec(value) : null;
  return match ? match[0] : undefined;
}
