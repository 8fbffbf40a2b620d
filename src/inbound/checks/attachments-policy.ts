import type { Attachment } from 'mailparser';

export type DroppedAttachmentReason =
  'smime_signature' | 'pgp_key' | 'pgp_signature' | 'vcard' | 'winmail_dat' | 'too_large' | 'total_too_large';

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
  /** Attachments to relay, in their original order. */
  kept: Attachment[];
  /** What was left out and why, so the sender can be told (research §4 item 16). */
  dropped: DroppedAttachment[];
}

/**
 * Decides which attachments may be relayed to the partner.
 *
 * Signatures, keys and contact cards are dropped first: they carry the sender's real address
 * (an S/MIME certificate, a PGP key's user id, a vCard), which the relay exists to hide. TNEF
 * (`winmail.dat`) is dropped because only Outlook can open it and it embeds the sender's headers.
 *
 * Size limits come second. Inline `cid:` images are part of the body, so they count towards the
 * total like any file, but they get the budget first: a dropped image leaves a broken picture in
 * the text, while a dropped file is only a line in the notice.
 */
export function filterAttachments(attachments: Attachment[], limits: AttachmentLimits): AttachmentDecision {
  const dropped = new Map<Attachment, DroppedAttachmentReason>();
  for (const attachment of attachments) {
    const reason = leakReason(attachment) ?? (attachment.size > limits.maxFileBytes ? 'too_large' : null);
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
        contentType: a.contentType,
        size: a.size,
        reason: dropped.get(a) as DroppedAttachmentReason,
      })),
  };
}

const BY_TYPE: Record<string, DroppedAttachmentReason> = {
  'application/pkcs7-signature': 'smime_signature',
  'application/x-pkcs7-signature': 'smime_signature',
  'application/pgp-signature': 'pgp_signature',
  'application/pgp-keys': 'pgp_key',
  'text/vcard': 'vcard',
  'text/x-vcard': 'vcard',
  'text/directory': 'vcard',
  'application/ms-tnef': 'winmail_dat',
  'application/vnd.ms-tnef': 'winmail_dat',
};

/**
 * Clients often label these files `application/octet-stream`, so the name and, for `.asc` files,
 * the armour line decide too (Discourse blocks `smime.p7s`, `signature.asc` and `winmail.dat` by name).
 */
function leakReason(attachment: Attachment): DroppedAttachmentReason | null {
  const byType = BY_TYPE[attachment.contentType.toLowerCase()];
  if (byType) return byType;

  const name = (attachment.filename ?? '').toLowerCase();
  if (name === 'winmail.dat') return 'winmail_dat';
  if (name.endsWith('.p7s')) return 'smime_signature';
  if (name.endsWith('.vcf') || name.endsWith('.vcard')) return 'vcard';
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
    attachment.contentType.toLowerCase().startsWith('image/') &&
    Boolean(attachment.cid) &&
    (attachment.contentDisposition === 'inline' || attachment.related === true)
  );
}
