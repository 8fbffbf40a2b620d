/**
 * Hides every email address in text we relay: bodies, subjects, file names, text attachments,
 * forwarded emails. Works on plain text and on HTML source alike.
 *
 * Why every address, and not only the participants' (the earlier design): masking only the
 * members' addresses is an oracle. A participant can write guesses of the partner's address in a
 * subject or a body; when the partner replies with a quote, the right guess comes back replaced
 * and the wrong ones verbatim, which confirms the guess. Here the outcome depends only on the
 * shape of the text, never on who the address belongs to: an address of our own relay domain
 * (relay addresses, notices@) is kept, every other address-shaped string is replaced by the
 * same placeholder. The cost is that a third party's address (a museum's info@) is hidden too;
 * participants are told so in the relay footer's promise, and it is the only design in which no
 * relayed byte depends on whether a guess was right.
 *
 * The match is deliberately loose so that variants of an address are caught without knowing the
 * address: any letter case, plus tags (ann+x@), percent-encoding (ann%40real%2Ecom, also doubly
 * encoded %2540), the HTML entities &#64; &#x40; &commat; for "@" and &#46; &period; for ".",
 * the full-width "＠", the "(at)"/"[at]" and "(dot)"/"[dot]" spellings people use against
 * scrapers, quoted local parts and addresses inside URLs and mailto: links.
 */

export const HIDDEN_ADDRESS_TEXT = '[address hidden]';
/** The placeholder in a file name, where brackets and spaces would be replaced anyway. */
export const HIDDEN_ADDRESS_FILENAME = 'address-hidden';

export interface AddressMask {
  /** Addresses at this domain (our relay addresses and notices@) are kept as they are. */
  ourDomain: string;
  /** What replaces an address; HIDDEN_ADDRESS_TEXT by default. */
  replacement?: string;
}

// Local part: the usual atext minus the characters that end a word in URLs and prose
// ("/", "=", "?", "&", quotes, braces), so "page?email=ann@x.example" loses only the address.
const LOCAL_CHAR = '[\\p{L}\\p{N}\\p{M}!#$%*+_~.-]';
const LOCAL = `(?:"[^"\\r\\n]{1,64}"|${LOCAL_CHAR}{1,64})`;
const AT = '(?:@|\uFF20|%40|%2540|&#0*64;|&#x0*40;|&commat;|\\s?[(\\[{]\\s?at\\s?[)\\]}]\\s?)';
const DOT = '(?:\\.|\uFF0E|%2e|&#0*46;|&#x0*2e;|&period;|\\s?[(\\[{]\\s?dot\\s?[)\\]}]\\s?)';
const LABEL = '[\\p{L}\\p{N}\\p{M}](?:[\\p{L}\\p{N}\\p{M}-]{0,61}[\\p{L}\\p{N}\\p{M}])?';
// A top-level domain is letters (or punycode); "ann@48.85" in a map URL is not an address.
const TLD = '(?:\\p{L}{2,63}|xn--[a-z0-9-]{1,59})';
const DOMAIN = `(?:(?:${LABEL}${DOT}){1,10}${TLD}|\\[[0-9a-f:.]{2,45}\\])`;
const BEFORE = `(?<!${LOCAL_CHAR})`;
const AFTER = '(?![\\p{L}\\p{N}\\p{M}-])';

const ADDRESS = new RegExp(`${BEFORE}${LOCAL}${AT}(${DOMAIN})${AFTER}`, 'giu');

/** The domain as written ("relay%2Elocalhost", "relay[dot]localhost") in its plain form. */
function plainDomain(written: string): string {
  return written.replace(new RegExp(DOT, 'giu'), '.').toLowerCase();
}

export function maskAddresses(text: string, mask: AddressMask): string {
  if (text.length === 0) return text;
  const ours = mask.ourDomain.toLowerCase();
  const replacement = mask.replacement ?? HIDDEN_ADDRESS_TEXT;
  return text.replace(ADDRESS, (match: string, domain: string) =>
    plainDomain(domain) === ours ? match : replacement,
  );
}

/**
 * Where maskAddresses replaces, as [start, end) offsets in order: for HTML, where the address a
 * reader sees may run across several text nodes ("ann@<b>example.org</b>").
 */
export function addressRanges(text: string, mask: AddressMask): [number, number][] {
  const ours = mask.ourDomain.toLowerCase();
  const ranges: [number, number][] = [];
  for (const m of text.matchAll(ADDRESS)) {
    if (plainDomain(m[1]) !== ours) ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges;
}
