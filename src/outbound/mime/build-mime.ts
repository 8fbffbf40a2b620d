import { MailComposer, type MailComposerOptions, type MimeNode } from '../../common/nodemailer-lib';
import { randomKey } from '../../programs/relay-address';
import { sanitizeDisplayName } from './display-name';
import { serializeMime } from './serialize-mime';

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Content-ID (bare, no angle brackets) for an inline image referenced as cid: in the HTML. */
  cid?: string;
}

export interface OutgoingMail {
  /** Display name already composed, e.g. "Ann via Bright Futures"; sanitised again here. */
  from: { name: string; address: string };
  replyTo?: string;
  /** Exactly one recipient. */
  to: string;
  subject: string;
  /** Bare id, no angle brackets, e.g. "k3j...@relay.localhost". */
  messageId: string;
  /** Bare id. */
  inReplyTo?: string;
  /** Bare ids, oldest first. */
  references?: string[];
  date?: Date;
  text: string;
  html?: string;
  attachments?: OutgoingAttachment[];
  /** Outlook Thread-Topic. */
  threadTopic?: string;
  /** Outlook Thread-Index (base64), see thread-index.ts. */
  threadIndex?: string;
  /** Prompts and digests: RFC 3834 auto-generated, RFC 2919 List-Id, RFC 8058 one-click unsubscribe. */
  automated?: { listId: string; unsubscribeUrl: string; unsubscribeMailto: string };
  /** Notices and command confirmations: Auto-Submitted: auto-replied. */
  autoReplied?: boolean;
  /** Value of our own X-MentorMail-Loop header (loop detection on the way back in). */
  loopStamp?: string;
  /** Content-Language (BCP 47), e.g. "de" or "pt-BR". */
  lang?: string;
}

export const LOOP_HEADER = 'X-MentorMail-Loop';

/** Thrown for input that would produce a malformed or leaky message; a programming error, never retried. */
export class InvalidOutgoingMailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidOutgoingMailError';
  }
}

// One plain addr-spec: no display name, no list, nothing that could smuggle a second recipient.
const ADDR_SPEC = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/;
// A msg-id without its angle brackets: printable ASCII, no whitespace, no brackets.
const MSG_ID = /^[\x21-\x3b\x3d\x3f\x41-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+$/;
// Values that must reach the wire verbatim (List-*, loop stamp): printable ASCII without spaces,
// brackets or commas, and no "=?" that MailComposer would have to encode as a would-be encoded word.
const URL_SAFE = /^(?!.*=\?)[\x21-\x2b\x2d-\x3b\x3d\x3f-\x7e]+$/;
const LANG_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function fail(message: string): never {
  throw new InvalidOutgoingMailError(message);
}

function address(value: string, field: string): string {
  if (!ADDR_SPEC.test(value)) fail(`${field} is not a single plain address`);
  return value;
}

function msgId(value: string, field: string): string {
  if (!MSG_ID.test(value)) fail(`${field} is not a bare message id`);
  return value;
}

// MailComposer capitalises header names its own way ("List-ID", "X-Mentormail-Loop"). Names are
// case-insensitive, but the spellings from the RFCs read better in logs and tests.
const CANONICAL_KEYS = new Map(
  ['List-Id', 'List-Unsubscribe', 'List-Unsubscribe-Post', LOOP_HEADER].map((k) => [k.toLowerCase(), k]),
);

function canonicalKey(key: string): string {
  return CANONICAL_KEYS.get(key.toLowerCase()) ?? key;
}

type Headers = Record<string, string>;

function automatedHeaders(automated: NonNullable<OutgoingMail['automated']>): Headers {
  const { listId, unsubscribeUrl } = automated;
  const mailto = automated.unsubscribeMailto.replace(/^mailto:/i, '');
  // A GET to the URL must change nothing (the caller's job). http is a local demo's PUBLIC_URL
  // (production refuses it at boot): listed, but not offered as one-click.
  if (!/^https?:\/\//i.test(unsubscribeUrl) || !URL_SAFE.test(unsubscribeUrl)) {
    fail('automated.unsubscribeUrl must be an http(s) URL without spaces or brackets');
  }
  // RFC 8058 one-click is for https URLs only.
  const oneClick = /^https:\/\//i.test(unsubscribeUrl);
  if (!URL_SAFE.test(mailto) || !mailto.includes('@')) {
    fail('automated.unsubscribeMailto must be an address or mailto: URL');
  }
  if (!URL_SAFE.test(listId) || !listId.includes('.')) {
    fail('automated.listId must be a bare list id such as "prompts.bright-futures.example"');
  }
  return {
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
    'List-Id': `<${listId}>`,
    'List-Unsubscribe': `<${unsubscribeUrl}>, <mailto:${mailto}>`,
    ...(oneClick ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
  };
}

/**
 * The custom headers of one message, built from an allow-list only. Nothing from the inbound mail
 * is copied: whatever is not named here (Received, X-Mailer, DKIM, Cc, X-Original-*...) does not
 * exist on the way out, which is what keeps participants' real addresses from leaking.
 */
function extraHeaders(mail: OutgoingMail): Headers {
  if (mail.automated && mail.autoReplied) {
    fail('a message is either automated (auto-generated) or an auto-reply, not both');
  }
  const headers: Headers = {};
  if (mail.threadTopic) headers['Thread-Topic'] = mail.threadTopic;
  if (mail.threadIndex) {
    if (!BASE64.test(mail.threadIndex)) fail('threadIndex must be base64');
    headers['Thread-Index'] = mail.threadIndex;
  }
  if (mail.lang) {
    if (!LANG_TAG.test(mail.lang)) fail('lang must be a BCP 47 language tag');
    headers['Content-Language'] = mail.lang;
  }
  if (mail.automated) Object.assign(headers, automatedHeaders(mail.automated));
  if (mail.autoReplied) {
    headers['Auto-Submitted'] = 'auto-replied';
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  if (mail.loopStamp !== undefined) {
    if (!URL_SAFE.test(mail.loopStamp) || mail.loopStamp.length > 200) {
      fail('loopStamp must be a short printable token');
    }
    headers[LOOP_HEADER] = mail.loopStamp;
  }
  return headers;
}

function composerOptions(mail: OutgoingMail): MailComposerOptions {
  const references = (mail.references ?? []).map((id) => msgId(id, 'references'));
  return {
    from: {
      name: sanitizeDisplayName(mail.from.name),
      address: address(mail.from.address, 'from.address'),
    },
    to: address(mail.to, 'to'),
    replyTo: mail.replyTo === undefined ? undefined : address(mail.replyTo, 'replyTo'),
    subject: mail.subject,
    messageId: `<${msgId(mail.messageId, 'messageId')}>`,
    inReplyTo: mail.inReplyTo === undefined ? undefined : `<${msgId(mail.inReplyTo, 'inReplyTo')}>`,
    references: references.length ? references.map((id) => `<${id}>`) : undefined,
    date: mail.date ?? new Date(),
    text: mail.text,
    html: mail.html,
    attachments: (mail.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
      // Said outright: MailComposer makes message/rfc822 inline by default, and a reader's client
      // then shows an attached email as part of the body.
      ...(a.cid
        ? { cid: a.cid, contentDisposition: 'inline' as const }
        : { contentDisposition: 'attachment' as const }),
    })),
    headers: extraHeaders(mail),
    // Content only ever comes from the arguments: never let a value be read as a path or URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    normalizeHeaderKey: canonicalKey,
    // CRLF everywhere, bodies included: RFC 5322 line endings, and the bytes SES and an SMTP
    // relay receive are the same bytes we stored.
    newline: 'windows',
    // The default boundary prefix "--_NmP" names the library; ours says nothing.
    boundaryPrefix: '--=_mm',
    // Every part's boundary is built from the root's. MailComposer hands it to the root only, so
    // each child part still draws 8 random bytes it never uses (four draws for a message with text,
    // HTML and one attachment); given, the root takes ours from a pooled buffer instead of a fifth.
    baseBoundary: randomKey(13),
    // MailComposer (unlike the nodemailer Mailer) adds no X-Mailer; say so in case that changes.
    xMailer: false,
  };
}

/** The MailComposer tree of one outgoing message, checked; serializeMime turns it into bytes. */
export function compileMime(mail: OutgoingMail): MimeNode {
  return new MailComposer(composerOptions(mail)).compile();
}

/**
 * Raw MIME for one outgoing message. MailComposer does the encoding (RFC 2047 names, quoted-
 * printable/base64 bodies under SES's 1,000-character line limit, multipart/related for cid
 * images); this function decides which headers exist at all.
 */
export async function buildMime(mail: OutgoingMail): Promise<Buffer> {
  return serializeMime(compileMime(mail));
}
