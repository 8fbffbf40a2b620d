import { load } from 'cheerio/slim';
import type { DomNode } from './dom';
import { cutFrom, detachAll, elementsWhere, textOf, type Mark } from './dom';
import { headerKind } from './outlook-headers';

/**
 * Mail clients mark the quoted message in HTML; we use those marks before converting to text.
 * Three treatments:
 * - cut: the element starts the history, so it and everything after it go (Outlook's
 *   #appendonsend / #divRplyFwdMsg / header block, Zimbra's quoted-text marker);
 * - drop: an attribution container, removed alone (Gmail's gmail_attr, Thunderbird's
 *   moz-cite-prefix), so a person's inline answers after the quote survive;
 * - quote: rendered with "> " so the line rules treat it like a quoted plain-text reply
 *   (blockquote, Yahoo, ProtonMail).
 */

export const QUOTE_ATTR = 'data-mm-quote';

/**
 * The clients' marks, as the CSS selectors they stand for (kept beside each test, for reading):
 * each is tested on an element directly rather than through cheerio's selector engine, which
 * compiled the selector lists anew for every email and every `.is()` and cost more than the
 * parse. Tag and attribute names arrive lower-cased from htmlparser2; ids, classes and
 * attribute values compare case-sensitively, as the selectors did (no quirks mode).
 */

const hasClass = (a: Record<string, string>, token: string) =>
  a.class !== undefined && a.class.split(/\s+/).includes(token);

/** Gmail's gmail_attr, Thunderbird's moz-cite-prefix: `.gmail_attr, .moz-cite-prefix`. */
const isAttribution: Mark = (_, a) => hasClass(a, 'gmail_attr') || hasClass(a, 'moz-cite-prefix');

/** `.gmail_attr, .moz-cite-prefix, head, style, script, title`. */
const isDropped: Mark = (name, a) => DROPPED_TAGS.has(name) || isAttribution(name, a);
const DROPPED_TAGS = new Set(['head', 'style', 'script', 'title']);

/**
 * `#appendonsend, #divRplyFwdMsg, div[id^="divRplyFwdMsg"], hr#zwchr,
 * [data-marker="__QUOTED_TEXT__"], [data-marker="__HEADERS__"], #OLK_SRC_BODY_SECTION,
 * div#mail-editor-reference-message-container`.
 */
const isCut: Mark = (name, a) =>
  CUT_IDS.has(a.id ?? '') ||
  (name === 'div' && a.id !== undefined && a.id.startsWith('divRplyFwdMsg')) ||
  (name === 'hr' && a.id === 'zwchr') ||
  a['data-marker'] === '__QUOTED_TEXT__' ||
  a['data-marker'] === '__HEADERS__' ||
  (name === 'div' && a.id === 'mail-editor-reference-message-container');
const CUT_IDS = new Set(['appendonsend', 'divRplyFwdMsg', 'OLK_SRC_BODY_SECTION']);

/** `blockquote, [class*="yahoo_quoted"], .protonmail_quote, div.zmail_extra`. */
const isQuote: Mark = (name, a) =>
  name === 'blockquote' ||
  (a.class !== undefined && a.class.includes('yahoo_quoted')) ||
  hasClass(a, 'protonmail_quote') ||
  (name === 'div' && hasClass(a, 'zmail_extra'));

/** Outlook's header block: a div with a top border whose text starts with From:/Von:/De: ... */
function isOutlookHeaderBlock(style: string, text: () => string): boolean {
  if (!/border-top\s*:[^;]*solid/i.test(style) && !/border:\s*none;\s*border-top/i.test(style)) {
    return false;
  }
  const firstLine = text()
    .replace(/\u00a0/g, ' ')
    .trim()
    .slice(0, 60);
  return headerKind(firstLine) !== null;
}

/** Gmail's "indent" button also makes a blockquote, without a border: that is the person's text. */
function isIndentOnly(node: DomNode): boolean {
  const a = node.attribs ?? {};
  if (node.name !== 'blockquote' || a.type === 'cite' || /quote/i.test(a.class ?? '')) return false;
  return /border\s*:\s*none/i.test(a.style ?? '');
}

export interface PreparedHtml {
  root: DomNode;
  /** True when a client's quote container or header block was found. */
  foundContainer: boolean;
}

// htmlparser2 rather than cheerio's default parse5: several times faster on mail HTML, and every
// email of the reply corpus extracts to the same text with either. With these options cheerio's
// main entry parses with htmlparser2 and renders with dom-serializer, exactly what its `slim`
// entry does; every `load` here and in relay-html.ts comes from slim, which leaves out the main
// entry's parse5, undici and encoding sniffer (about a tenth of the time a Jest file spends
// loading the app, paid again by every test file).
export const PARSE_OPTIONS = { xml: { xmlMode: false, decodeEntities: true } };

/** A tree of an HTML string, parsed as prepareHtml parses mail, without its treatments. */
export function parseHtml(html: string): DomNode {
  return load(html, PARSE_OPTIONS).root()[0] as unknown as DomNode;
}

export function prepareHtml(html: string): PreparedHtml {
  const root = parseHtml(html);
  // One walk per treatment, each over what the one before left, in document order.
  const dropped = elementsWhere(root, isDropped);
  let found = dropped.some((el) => isAttribution(el.name ?? '', el.attribs ?? {}));
  detachAll(dropped);
  // `${CUT}, div[style]`, keeping the styled divs that are Outlook's header block.
  const cuts = new Set(
    elementsWhere(root, (name, a) => isCut(name, a) || (name === 'div' && a.style !== undefined)).filter(
      (el) =>
        isCut(el.name ?? '', el.attribs ?? {}) || isOutlookHeaderBlock(el.attribs!.style, () => textOf(el)),
    ),
  );
  // Cut at the first marker in document order; later ones are inside what is cut.
  const first = firstInDocumentOrder(root, cuts);
  if (first) {
    found = true;
    cutFrom(first);
  }
  for (const el of elementsWhere(root, isQuote)) {
    if (isIndentOnly(el)) continue;
    found = true;
    el.attribs![QUOTE_ATTR] = '1';
  }
  return { root, foundContainer: found };
}

function firstInDocumentOrder(root: DomNode, targets: Set<DomNode>): DomNode | null {
  if (targets.size === 0) return null;
  const stack: DomNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (targets.has(node)) return node;
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return null;
}
