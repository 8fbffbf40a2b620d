import { createHmac } from 'node:crypto';

/**
 * An address as logs may show it: a short HMAC under the app's secret, the same for the same
 * address (so lines about one person can be followed) but never the address itself, and not
 * confirmable by hashing a guess. Logs leave the database's access rules behind, so no
 * participant's real address is written there in clear.
 */
export function logAddress(address: string, secret: string): string {
  const mac = createHmac('sha256', secret).update(address.trim().toLowerCase()).digest('hex');
  return `addr:${mac.slice(0, 12)}`;
}

// What may stand beside `@` in an address as logs spell it: RFC 5322 atom characters on the left,
// labels on the right (anything beyond ASCII counts, for internationalised addresses). Quotes,
// backslashes, brackets, commas and spaces end both sides, so a JSON line's structure stays intact.
const LOCAL = /[\w.!#$%&'*+/=?^`|~\u0080-\uffff-]/;
const DOMAIN = /[\w.\u0080-\uffff-]/;

/**
 * Every address-shaped string in `text` (a whole log line) replaced by its logAddress form: the
 * second line of defence behind logAddress at each call site, for an address that reached a
 * line some other way (a transport's error message, a stack). Linear: the text is walked once
 * from each `@` outwards, never past the previous match. Message-IDs are address-shaped too and
 * are masked the same way; a domain needs a dot and a last label with a letter, so package paths
 * (`@nestjs/core`, `core@11.1.6`) stay as they are.
 */
export function maskAddressesInText(text: string, secret: string): string {
  if (!text.includes('@')) return text;
  let out = '';
  let copied = 0;
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > copied && LOCAL.test(text[start - 1])) start--;
    let end = at + 1;
    while (end < text.length && DOMAIN.test(text[end])) end++;
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    const domain = text.slice(at + 1, end);
    const lastLabel = domain.slice(domain.lastIndexOf('.') + 1);
    if (start < at && domain.includes('.') && /[a-z\u0080-\uffff]/i.test(lastLabel)) {
      out += text.slice(copied, start) + logAddress(text.slice(start, end), secret);
      copied = end;
    }
    at = text.indexOf('@', Math.max(end, at + 1));
  }
  return out + text.slice(copied);
}
