import type { Attachment } from 'mailparser';
import {
  binaryVerdict,
  claimsCalendar,
  claimsEmail,
  claimsText,
  mimeTypeOf,
  rendersComputedText,
} from '../attachments/attachment-types';
import { attachmentText, containsContactCard, isReadableText } from '../attachments/text-content';

export type DroppedAttachmentReason =
  | 'smime_signature'
  | 'smime_message'
  | 'certificate'
  | 'pgp_key'
  | 'pgp_signature'
  | 'vcard'
  | 'winmail_dat'
  | 'type_not_allowed'
  | 'too_large'
  | 'total_too_large';

/**
 * How a relayed attachment is made safe: binary files of an allowed type go as they are, text is
 * masked like a body, a calendar's organizer and attendees become the relay address, an attached
 * email is rebuilt from its masked headers and text (src/inbound/attachments).
 */
export type AttachmentHandling = 'as_is' | 'mask_text' | 'calendar' | 'forwarded_email';

export type AttachmentVerdict = { drop: DroppedAttachmentReason } | { handling: AttachmentHandling };

export interface DroppedAttachment {
  filename: string;
  contentType: string;
  size: number;
  reason: DroppedAttachmentReason;
}

export interface AttachmentLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
}

export interface AttachmentDecision {
  /** Attachments to relay, in their original order (each still to be made safe: handlingOf). */
  kept: Attachment[];
  /** What was left out and why, so the sender can be told (research §4 item 16). */
  dropped: DroppedAttachment[];
}

/**
 * Decides which attachments may be relayed to the partner.
 *
 * Signatures, keys, certificates and contact cards are dropped first: they carry the sender's
 * real address (an S/MIME certificate, a PGP key's user id, a vCard), which the relay exists to
 * hide. TNEF (`winmail.dat`) is dropped because only Outlook can open it and it embeds the
 * sender's headers. Then any type not on the allow-list (attachment-types.ts) is dropped.
 *
 * Size limits come second. Inline `cid:` images are part of the body, so they count towards the
 * total like any file, but they get the budget first: a dropped image leaves a broken picture in
 * the text, while a dropped file is only a line in the notice.
 */
export function filterAttachments(attachments: Attachment[], limits: AttachmentLimits): AttachmentDecision {
  const dropped = new Map<Attachment, DroppedAttachmentReason>();
  for (const attachment of attachments) {
    const verdict = classifyAttachment(attachment);
    const reason =
      'drop' in verdict ? verdict.drop : attachment.size > limits.maxFileBytes ? 'too_large' : null;
    if (reason) dropped.set(attachment, reason);
  }

  let total = 0;
  const byPriority = [...attachments.filter(isInlineImage), ...attachments.filter((a) => !isInlineImage(a))];
  for (const attachment of byPriority) {
    if (dropped.has(attachment)) continue;
    if (total + attachment.size > limits.maxTotalBytes) dropped.set(attachment, 'total_too_large');
    else total += attachment.size;
  }

  return {
    kept: attachments.filter((a) => !dropped.has(a)),
    dropped: attachments
      .filter((a) => dropped.has(a))
      .map((a) => ({
        filename: a.filename ?? '',
        contentType: mimeTypeOf(a),
        size: a.size,
        reason: dropped.get(a) as DroppedAttachmentReason,
      })),
  };
}

/**
 * What to do with one attachment: a leak reason, the allow-list's verdict, and for kept files how
 * they are made safe. Pure, so intake can decide on notices before anything is stored.
 */
export function classifyAttachment(attachment: Attachment): AttachmentVerdict {
  const leak = leakReason(attachment);
  if (leak) return { drop: leak };
  const binary = binaryVerdict(attachment);
  if (binary === 'verified') return { handling: 'as_is' };
  // Found by content, whatever the name or type says (`.card`, text/plain, vcard+json, a key
  // pasted into notes.txt).
  if (containsContactCard(attachment.content)) return { drop: 'vcard' };
  const armoured = armourReason(attachment.content);
  if (armoured) return { drop: armoured };
  if (binary === 'mismatch') return { drop: 'type_not_allowed' };
  const head = attachment.content
    .subarray(0, 64)
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  if (claimsCalendar(attachment) || /^\s*BEGIN:VCALENDAR/i.test(head)) return { handling: 'calendar' };
  if (claimsEmail(attachment)) return { handling: 'forwarded_email' };
  if (rendersComputedText(attachment)) return { drop: 'type_not_allowed' };
  if (claimsText(attachment) && isReadableText(attachmentText(attachment))) return { handling: 'mask_text' };
  return { drop: 'type_not_allowed' };
}

/** How a kept attachment is made safe (filterAttachments kept only those that have one). */
export function handlingOf(attachment: Attachment): AttachmentHandling {
  const verdict = classifyAttachment(attachment);
  if ('drop' in verdict) throw new Error(`attachment ${attachment.filename ?? ''} should have been dropped`);
  return verdict.handling;
}

const BY_TYPE: Record<string, DroppedAttachmentReason> = {
  'application/pkcs7-signature': 'smime_signature',
  'application/x-pkcs7-signature': 'smime_signature',
  // Opaque-signed or encrypted S/MIME (smime.p7m): the whole message plus the signer's certificate.
  'application/pkcs7-mime': 'smime_message',
  'application/x-pkcs7-mime': 'smime_message',
  'application/pkix-cert': 'certificate',
  'application/x-x509-ca-cert': 'certificate',
  'application/x-x509-user-cert': 'certificate',
  'application/x-pem-file': 'certificate',
  'application/pkcs12': 'certificate',
  'application/x-pkcs12': 'certificate',
  'application/pkcs10': 'certificate',
  'application/pkcs8': 'certificate',
  'application/vcard+json': 'vcard',
  'application/vcard+xml': 'vcard',
  'application/pgp-signature': 'pgp_signature',
  'application/pgp-keys': 'pgp_key',
  'text/vcard': 'vcard',
  'text/x-vcard': 'vcard',
  'text/directory': 'vcard',
  'application/ms-tnef': 'winmail_dat',
  'application/vnd.ms-tnef': 'winmail_dat',
};

const TNEF_MAGIC = Buffer.from([0x78, 0x9f, 0x3e, 0x22]);

/** Armoured keys, signatures and certificates carry an address in base64, where masking cannot see it. */
function armourReason(content: Buffer): DroppedAttachmentReason | null {
  const text = content.toString('latin1');
  if (text.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')) return 'pgp_key';
  if (text.includes('-----BEGIN PGP SIGNATURE-----')) return 'pgp_signature';
  if (/-----BEGIN (CERTIFICATE|PKCS7|X509 CRL|CERTIFICATE REQUEST)-----/.test(text)) return 'certificate';
  return null;
}

/**
 * Clients often label these files `application/octet-stream`, so the name and, for `.asc` files,
 * the armour line decide too (Discourse blocks `smime.p7s`, `signature.asc` and `winmail.dat` by name).
 */
function leakReason(attachment: Attachment): DroppedAttachmentReason | null {
  const byType = BY_TYPE[mimeTypeOf(attachment)];
  if (byType) return byType;

  const name = (attachment.filename ?? '').toLowerCase();
  if (name === 'winmail.dat') return 'winmail_dat';
  if (name.endsWith('.p7s')) return 'smime_signature';
  if (/\.p7[mcz]$/.test(name)) return 'smime_message';
  if (/\.(cer|crt|der|pem|p12|pfx|p10|csr)$/.test(name)) return 'certificate';
  // TNEF by its signature, whatever it is called.
  if (attachment.content.subarray(0, 4).equals(TNEF_MAGIC)) return 'winmail_dat';
  if (/\.(vcf|vcard|card)$/.test(name)) return 'vcard';
  if (name.endsWith('.asc') || name.endsWith('.sig') || name.endsWith('.gpg') || name.endsWith('.pgp')) {
    const head = attachment.content.subarray(0, 200).toString('latin1');
    if (head.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')) return 'pgp_key';
    if (head.includes('-----BEGIN PGP SIGNATURE-----') || name === 'signature.asc') return 'pgp_signature';
  }
  return null;
}

/**
 * An image the body shows through `cid:`. Outlook often sends these without a Content-Disposition,
 * which is why mailparser's `related` flag (the HTML refers to the cid) counts as well.
 */
function isInlineImage(attachment: Attachment): boolean {
  return (
    mimeTypeOf(attachment).startsWith('image/') &&
    Boolean(attachment.cid) &&
    (attachment.contentDisposition === 'inline' || attachment.related === true)
  );
}
