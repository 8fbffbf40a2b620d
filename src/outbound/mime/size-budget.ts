/**
 * Size limits checked before a message is queued, so an oversized message fails once, with a
 * reason, instead of being rejected by SES on every retry.
 */

/** SES v1 SendRawEmail: 10 MB per message after encoding (base64 attachments included); cannot be raised. */
export const SES_RAW_LIMIT_BYTES = 10_000_000;

/** Gmail clips HTML above about 102 KB ("[Message clipped]"), hiding the footer and unsubscribe link. */
export const HTML_LIMIT_BYTES = 90_000;

export type SizeCheck =
  { ok: true } | { ok: false; reason: 'raw_too_large' | 'html_too_large'; bytes: number };

/** `raw` is the built MIME; `html` the HTML part before encoding, counted in UTF-8 bytes. */
export function checkSize(raw: Buffer, html?: string): SizeCheck {
  if (raw.length > SES_RAW_LIMIT_BYTES) {
    return { ok: false, reason: 'raw_too_large', bytes: raw.length };
  }
  if (html !== undefined) {
    const bytes = Buffer.byteLength(html, 'utf8');
    if (bytes > HTML_LIMIT_BYTES) return { ok: false, reason: 'html_too_large', bytes };
  }
  return { ok: true };
}
