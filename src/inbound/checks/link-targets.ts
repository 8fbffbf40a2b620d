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
    // Named references first (the reader view decodes only address characters' names), then what
    // a browser does with the rest: numeric references, percent-escapes, NFKC, invisible characters.
    const value = readerView(decodeEntities(match[1] ?? match[2] ?? match[3] ?? '')).text.trim();
    if (!value) continue;
    targets.push(URL.canParse(value) ? new URL(value).href : value);
  }
  return targets;
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  colon: ':',
  sol: '/',
  period: '.',
};

function decodeEntities(value: string): string {
  return value.replace(/&(?:#x([0-9a-f]{1,6})|#(\d{1,7})|([a-z]{2,8}));?/gi, (whole, hex, dec, name) => {
    const code = hex ? parseInt(hex, 16) : dec ? Number(dec) : null;
    if (code !== null) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    return NAMED[(name as string).toLowerCase()] ?? whole;
  });
}
