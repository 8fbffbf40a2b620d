import { createHmac } from 'node:crypto';
import { maskAddresses, type AddressMask } from '../../outbound/mime/mask-addresses';
import { maskedHtml } from '../../outbound/relay/relay-html';
import { foldLine } from '../../prompts/library/ics';
import { MAX_HTML_CHARS } from '../extraction/limits';

export interface CalendarRewriteOptions {
  /** Every organizer, attendee and delegate becomes this address. */
  relayAddress: string;
  ourDomain: string;
  /** Keys the hash that replaces UIDs, so a UID cannot be confirmed by hashing guesses. */
  uidKey: string;
}

/**
 * Rewrites an iCalendar file (RFC 5545) so that no address of its author or anyone else is left:
 *
 * - ORGANIZER and ATTENDEE values, and the cal-address parameters SENT-BY, DELEGATED-TO,
 *   DELEGATED-FROM, MEMBER and EMAIL, become the pairing's relay address, whoever they named, so
 *   the partner's calendar answers go back through the relay and nothing depends on who was named;
 * - UID and RELATED-TO (often `<something>@<author's host>` or the author's address itself) become
 *   a keyed hash at our domain: stable, so an update or a cancellation still matches its event;
 * - every other address-shaped text (CN=maria@..., a DESCRIPTION, X- properties) is masked like
 *   a body;
 * - an HTML value (Outlook's X-ALT-DESC, any FMTTYPE=text/html) is masked as the relayed body's
 *   HTML is (relay-html.ts: sanitised, then per run of the text a calendar shows), since
 *   "<span>ann</span>@example.org" holds no address as a string.
 *
 * No maintained iCalendar parser is among our dependencies (ical.js would be the one), and only
 * these properties change, so this works on content lines: unfolded first (a folded line may
 * split an address across two physical lines), rewritten, then folded again at 75 octets as the
 * RFC requires. Values but HTML ones are never unescaped, so other lines keep their exact bytes.
 */
export function rewriteCalendar(text: string, options: CalendarRewriteOptions): string {
  const unfolded = text.replace(/\r?\n[ \t]/g, '');
  return unfolded
    .split(/\r?\n/)
    .flatMap((line) => {
      const rewritten = rewriteLine(line, options);
      return rewritten === null ? [] : [foldLine(rewritten)];
    })
    .join('\r\n');
}

const CAL_ADDRESS_PROPERTIES = new Set(['ORGANIZER', 'ATTENDEE']);
const UID_PROPERTIES = new Set(['UID', 'RELATED-TO']);

/** The name-and-parameters part and the value of a content line: the first ":" outside quotes. */
function splitLine(line: string): [string, string] | null {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) return [line.slice(0, i), line.slice(i + 1)];
  }
  return null;
}

const HTML_VALUE = /;FMTTYPE="?text\/html"?(?=[;:]|$)/i;

/**
 * An HTML value as a calendar shows it, masked, escaped again as TEXT (RFC 5545 3.3.11). Null,
 * for the line to be left out, when it is longer than a reply's own HTML may be or too deeply
 * nested to serialise again: DESCRIPTION carries the same text.
 */
function maskedHtmlValue(value: string, mask: AddressMask): string | null {
  if (value.length > MAX_HTML_CHARS) return null;
  const html = value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
  try {
    return maskedHtml(html, mask)
      .replace(/[\\;,]/g, '\\$&')
      .replace(/\r?\n/g, '\\n');
  } catch {
    return null;
  }
}

/** The line rewritten; null for a line left out. */
function rewriteLine(line: string, o: CalendarRewriteOptions): string | null {
  const mask = { ourDomain: o.ourDomain };
  const split = splitLine(line);
  if (!split) return maskAddresses(line, mask);
  const [head, value] = split;
  const name = head.split(';')[0].toUpperCase();
  const params = head
    .replace(/mailto:[^",;:]*/gi, `mailto:${o.relayAddress}`)
    .replace(/(;EMAIL=)("[^"]*"|[^;:]*)/gi, `$1${o.relayAddress}`);
  let newValue: string | null;
  if (CAL_ADDRESS_PROPERTIES.has(name) && /^mailto:|@/i.test(value.trim()))
    newValue = `mailto:${o.relayAddress}`;
  else if (UID_PROPERTIES.has(name) && value.length > 0)
    newValue = `${createHmac('sha256', o.uidKey).update(value).digest('hex').slice(0, 32)}@${o.ourDomain}`;
  else if (name === 'X-ALT-DESC' || HTML_VALUE.test(head)) newValue = maskedHtmlValue(value, mask);
  else newValue = value;
  if (newValue === null) return null;
  return `${maskAddresses(params, mask)}:${maskAddresses(newValue, mask)}`;
}
