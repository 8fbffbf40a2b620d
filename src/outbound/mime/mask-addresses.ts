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
 *
 * The pattern runs on the text as a reader's client shows it (reader-view.ts): percent-escapes
 * and character references decoded, compatibility forms folded, invisible characters left out,
 * so "ann@exam%70le.org" in a mailto: link and "ann@exa\u200Bmple.org" are addresses too. The
 * explicit bidi embeddings, overrides and isolates are removed from what is relayed: they can
 * show letters in another order than written, and "gro.elpmaxe@nna" after a right-to-left
 * override reads as an address the pattern never saw. The bidi marks (LRM, RLM, ALM), which
 * Hebrew and Arabic text uses to place its punctuation and which reorder no letter, stay.
 */

import { readerView } from './reader-view';

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
const LOCAL_CHAR = /^[\p{L}\p{N}\p{M}!#$%*+_~.-]$/u;
const QUOTED_LOCAL = /"[^"\r\n]{1,64}"$/;
const AT = '(?:@|\uFF20|%40|%2540|&#0*64;|&#x0*40;|&commat;|\\s?[(\\[{]\\s?at\\s?[)\\]}]\\s?)';
const DOT = '(?:\\.|\uFF0E|%2e|&#0*46;|&#x0*2e;|&period;|\\s?[(\\[{]\\s?dot\\s?[)\\]}]\\s?)';
const LABEL = '[\\p{L}\\p{N}\\p{M}](?:[\\p{L}\\p{N}\\p{M}-]{0,61}[\\p{L}\\p{N}\\p{M}])?';
// A top-level domain is letters (or punycode); "ann@48.85" in a map URL is not an address.
const TLD = '(?:\\p{L}{2,63}|xn--[a-z0-9-]{1,59})';
const DOMAIN = `(?:(?:${LABEL}${DOT}){1,10}${TLD}|\\[[0-9a-f:.]{2,45}\\])`;
const AFTER = '(?![\\p{L}\\p{N}\\p{M}-])';

const ANY_AT = new RegExp(AT, 'giu');
const DOMAIN_HERE = new RegExp(`(${DOMAIN})${AFTER}`, 'iuy');

// A run of dashes or underscores before a local part ("Email:____ann@x.org", a line of dashes
// over a signature) belongs to the page: it stays, and the address after it is hidden.
const LEADING_RULE = /^[-_.~]+(?=[\p{L}\p{N}])/u;

/** The domain as written ("relay%2Elocalhost", "relay[dot]localhost") in its plain form. */
function plainDomain(written: string): string {
  return written.replace(new RegExp(DOT, 'giu'), '.').toLowerCase();
}

export function maskAddresses(text: string, mask: AddressMask): string {
  if (text.length === 0) return text;
  const { hidden, bidi } = find(text, mask);
  if (hidden.length === 0 && bidi.length === 0) return text;
  const replacement = mask.replacement ?? HIDDEN_ADDRESS_TEXT;
  // Both lists are in order: copy what lies between, a replacement for each address, nothing for
  // a bidi control (one inside an address goes with it).
  let out = '';
  let copied = 0;
  let h = 0;
  let b = 0;
  while (h < hidden.length || b < bidi.length) {
    const isAddress = b === bidi.length || (h < hidden.length && hidden[h][0] <= bidi[b][0]);
    const [start, end] = isAddress ? hidden[h++] : bidi[b++];
    if (end <= copied) continue;
    out += text.slice(copied, Math.max(start, copied)) + (isAddress ? replacement : '');
    copied = end;
  }
  return out + text.slice(copied);
}

/**
 * Where maskAddresses replaces, as [start, end) offsets in order: for HTML, where the address a
 * reader sees may run across several text nodes ("ann@<b>example.org</b>").
 */
export function addressRanges(text: string, mask: AddressMask): [number, number][] {
  return find(text, mask).hidden;
}

/**
 * The addresses to hide and the bidi controls to remove, as [start, end) offsets of `text`.
 *
 * Found from each "@" outwards, not by one pattern from the start of the local part: the local
 * part is the whole run of its characters before the "@", of any length ("Email:" + 61
 * underscores + "ann@x.org"; a pattern capped at RFC 5321's 64 missed it, and an uncapped one
 * overflows V8's backtracking stack on a run of millions). Each character is walked back over
 * once at most (never past the previous "@"), and a domain is at most ten labels: linear.
 */
function find(text: string, mask: AddressMask): { hidden: [number, number][]; bidi: [number, number][] } {
  const ours = mask.ourDomain.toLowerCase();
  const view = readerView(text);
  const shown = view.text;
  const hidden: [number, number][] = [];
  let floor = 0;
  for (const at of shown.matchAll(ANY_AT)) {
    const atEnd = at.index + at[0].length;
    let start = at.index;
    while (start > floor && isLocalChar(shown, start - 1)) start--;
    if (start === at.index)
      start -= QUOTED_LOCAL.exec(shown.slice(Math.max(floor, start - 66), start))?.[0].length ?? 0;
    floor = atEnd;
    DOMAIN_HERE.lastIndex = atEnd;
    const domain = start < at.index ? DOMAIN_HERE.exec(shown) : null;
    if (!domain) continue;
    floor += domain[0].length;
    if (plainDomain(domain[1]) === ours) continue;
    start += LEADING_RULE.exec(shown.slice(start, at.index))?.[0].length ?? 0;
    const from = view.startOf(start);
    const to = view.endOf(floor);
    // An offset inside a run of rewritten characters ("&#97;&#64;b.cc") widens to the whole run,
    // so two addresses in one run would overlap: they become one range.
    const last = hidden[hidden.length - 1];
    if (last && from < last[1]) last[1] = Math.max(last[1], to);
    else hidden.push([from, to]);
  }
  return { hidden, bidi: view.bidi };
}

/** Whether the code unit at `i` belongs to a local part; a surrogate counts (astral letters). */
function isLocalChar(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return (c >= 0xd800 && c <= 0xdfff) || LOCAL_CHAR.test(s[i]);
}
