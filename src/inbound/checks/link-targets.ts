import { readerView } from '../../outbound/mime/reader-view';

/** An href or src attribute's value, quoted or not. */
const LINK_ATTRIBUTE = /\b(?:href|src)\s*=\s*(?:"([^"]{0,4096})"|'([^']{0,4096})'|([^\s"'>]{1,4096}))/gi;

/**
 * Where an HTML part's links and images lead, as a browser reads them (entities decoded, the host
 * as the URL parser resolves it), so that text checks see the target a reader reaches, not only
 * the words shown ("Message me privately" -> https://wa.me/447700900123). A regular expression,
 * not a parser: it runs on the event loop over whatever HTML a stranger sends, in one linear pass.
 */
export function linkTargets(html: string): string[] {
  const targets: string[] = [];
  for (const match of html.matchAll(LINK_ATTRIBUTE)) {
    // Named references first, then what a browser does with the rest (the reader view): numeric
    // references, percent-escapes, NFKC, invisible characters.
    const value = readerView(decodeNamed(match[1] ?? match[2] ?? match[3] ?? '')).text.trim();
    if (!value) continue;
    targets.push(URL.canParse(value) ? new URL(value).href : value);
  }
  return targets;
}

/** The named references a URL may use that the reader view does not decode (it reads address characters' names). */
const NAMED: Record<string, string> = {
  amp: '&',
  quot: '"',
  apos: "'",
  colon: ':',
  sol: '/',
  lt: '<',
  gt: '>',
};

function decodeNamed(value: string): string {
  return value.replace(/&([a-z]{2,6});/gi, (whole, name: string) => NAMED[name.toLowerCase()] ?? whole);
}
