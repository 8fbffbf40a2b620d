import { load } from 'cheerio';
import type { DomNode } from './dom';
import { cutFrom, detach, textOf } from './dom';
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

const CUT_SELECTORS = [
  '#appendonsend',
  '#divRplyFwdMsg',
  'div[id^="divRplyFwdMsg"]',
  'hr#zwchr',
  '[data-marker="__QUOTED_TEXT__"]',
  '[data-marker="__HEADERS__"]',
  '#OLK_SRC_BODY_SECTION',
  'div#mail-editor-reference-message-container',
];
const DROP_SELECTORS = ['.gmail_attr', '.moz-cite-prefix', 'head', 'style', 'script', 'title'];
const QUOTE_SELECTORS = ['blockquote', '[class*="yahoo_quoted"]', '.protonmail_quote', 'div.zmail_extra'];

/** Outlook's header block: a div with a top border whose text starts with From:/Von:/De: ... */
function isOutlookHeaderBlock(style: string, text: string): boolean {
  if (!/border-top\s*:[^;]*solid/i.test(style) && !/border:\s*none;\s*border-top/i.test(style)) {
    return false;
  }
  const firstLine = text
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

const DROP = DROP_SELECTORS.join(', ');
const ATTRIBUTION = DROP_SELECTORS.filter((sel) => sel.startsWith('.')).join(', ');
const CUT = CUT_SELECTORS.join(', ');
const CUT_OR_STYLED_DIV = `${CUT}, div[style]`;
const QUOTE = QUOTE_SELECTORS.join(', ');
// htmlparser2 rather than cheerio's default parse5: several times faster on mail HTML, and every
// email of the reply corpus extracts to the same text with either.
export const PARSE_OPTIONS = { xml: { xmlMode: false, decodeEntities: true } };

/** A tree of an HTML string, parsed as prepareHtml parses mail, without its treatments. */
export function parseHtml(html: string): DomNode {
  return load(html, PARSE_OPTIONS).root()[0] as unknown as DomNode;
}

export function prepareHtml(html: string): PreparedHtml {
  const $ = load(html, PARSE_OPTIONS);
  let found = false;
  // One pass per treatment (each selector list is matched in a single walk of the tree).
  $(DROP).each((_, el) => {
    if ($(el).is(ATTRIBUTION)) found = true;
    detach(el as unknown as DomNode);
  });
  const cuts = new Set<DomNode>();
  $(CUT_OR_STYLED_DIV).each((_, el) => {
    const node = el as unknown as DomNode;
    if ($(el).is(CUT) || isOutlookHeaderBlock(node.attribs?.style ?? '', textOf(node))) cuts.add(node);
  });
  // Cut at the first marker in document order; later ones are inside what is cut.
  const first = firstInDocumentOrder($.root()[0] as unknown as DomNode, cuts);
  if (first) {
    found = true;
    cutFrom(first);
  }
  $(QUOTE).each((_, el) => {
    if (isIndentOnly(el as unknown as DomNode)) return;
    found = true;
    $(el).attr(QUOTE_ATTR, '1');
  });
  return { root: $.root()[0] as unknown as DomNode, foundContainer: found };
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
