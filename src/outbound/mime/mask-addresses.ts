/**
 * Replaces participants' real addresses with their relay addresses in a message body, so a quote
 * header ("On Tue, Ann <ann@real.com> wrote:"), a signature or a mailto: link does not undo the
 * masking. Works on plain text and on HTML source alike.
 *
 * Besides "@", the forms of "@" a body can carry are matched too: "%40" (URL-encoded, as in
 * mailto:ann%40real.com) and the HTML entities &#64; &#x40; &commat;.
 */

const AT_FORMS = ['@', '%40', '&#64;', '&#x40;', '&commat;'];

// An address is matched whole: "ann@real.com" must not match inside "joann@real.com" or
// "ann@real.com.evil.example". A trailing "." followed by a non-name character still ends it
// (end of a sentence).
const BEFORE = '(?<![A-Za-z0-9._%+\\-])';
const AFTER = '(?![A-Za-z0-9_\\-]|\\.[A-Za-z0-9])';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function addressPattern(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return undefined;
  const local = escapeRegExp(address.slice(0, at));
  const domain = escapeRegExp(address.slice(at + 1));
  return `${local}(?:${AT_FORMS.map(escapeRegExp).join('|')})${domain}`;
}

function atNormalised(match: string): string {
  let out = match;
  for (const form of AT_FORMS.slice(1)) {
    out = out.replace(new RegExp(escapeRegExp(form), 'i'), '@');
  }
  return out.toLowerCase();
}

/**
 * @param map real address (lowercase) -> relay address; an address not in the map is left alone.
 */
export function maskAddresses(text: string, map: ReadonlyMap<string, string>): string {
  const alternatives = [...map.keys()]
    .sort((a, b) => b.length - a.length)
    .map(addressPattern)
    .filter((p): p is string => p !== undefined);
  if (alternatives.length === 0 || text.length === 0) return text;
  const pattern = new RegExp(`${BEFORE}(?:${alternatives.join('|')})${AFTER}`, 'gi');
  return text.replace(pattern, (match) => map.get(atNormalised(match)) ?? match);
}
