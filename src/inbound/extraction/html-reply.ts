import { load } from 'cheerio/slim';
import sanitizeHtml from 'sanitize-html';
import type { DomNode } from './dom';
import { detachAll, isElement } from './dom';
import { PARSE_OPTIONS } from './html-quotes';
import { domToLines } from './html-text';
import { isBlank } from './text-utils';

/**
 * The new part of a reply as HTML, so that what the author formatted arrives formatted: link
 * targets, lists, emphasis, line breaks and inline images. The quote is cut in the tree, not
 * re-derived: the line rules decide on the text rendering (one set of rules for both parts), and
 * every text node, <br>, <hr> and <img> is kept or removed with the line it rendered to.
 */

/** The HTML part rendered to lines, remembering which nodes made which line. */
export interface TracedHtml {
  root: DomNode;
  lines: string[];
  trace: Map<DomNode, number[]>;
}

export function traceHtml(root: DomNode): TracedHtml {
  const trace = new Map<DomNode, number[]>();
  return { root, lines: domToLines(root, { trace }), trace };
}

/**
 * What we relay of the author's HTML: structure and emphasis, links that open a page or an email
 * (never a script), images only by Content-ID (a remote image would tell its host who read it
 * and when). No style, class or event handler; Outlook's margin-less paragraphs keep their look.
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'a',
    'b',
    'strong',
    'i',
    'em',
    'u',
    'p',
    'br',
    'div',
    'ul',
    'ol',
    'li',
    'blockquote',
    'img',
    'pre',
    'hr',
  ],
  allowedAttributes: { a: ['href'], img: ['src', 'alt'], p: ['style'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['cid'] },
  allowProtocolRelative: false,
  allowedStyles: { p: { margin: [/^0$/] } },
  transformTags: {
    // Layout tables and headings keep their line structure as blocks, without their styling.
    ...Object.fromEntries(['table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th'].map((t) => [t, 'div'])),
    ...Object.fromEntries(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((t) => [t, 'p'])),
    p: (tagName, attribs): sanitizeHtml.Tag => ({
      tagName,
      attribs: hasNoMargin(attribs) ? { style: 'margin:0' } : ({} as sanitizeHtml.Attributes),
    }),
  },
  // An image whose source was refused (remote, data:) would stay as an empty frame.
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

function hasNoMargin(attribs: Record<string, string>): boolean {
  return (
    /Mso(?:Normal|PlainText)/i.test(attribs.class ?? '') ||
    /margin(?:-bottom)?\s*:\s*0/i.test(attribs.style ?? '')
  );
}

export function sanitizeReplyHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/**
 * The lines that hold the reply, found in order. Null when a reply line is not one of them (the
 * reply came from the text part and says something else): then the HTML is not used, and the
 * relay builds its HTML from the reply text, so the author's words win over the formatting.
 */
function replyLines(lines: string[], reply: string): Set<number> | null {
  const kept = new Set<number>();
  let from = 0;
  for (const raw of reply.split('\n')) {
    const wanted = raw.trim();
    if (!wanted) continue;
    let i = from;
    while (i < lines.length && lines[i].trim() !== wanted) i++;
    if (i === lines.length) return null;
    kept.add(i);
    from = i + 1;
  }
  return kept;
}

/**
 * Whether a position is kept: a written line when it is part of the reply; a blank line or a gap
 * (an image on a line of its own) goes with the written line above it, so an image under the
 * author's words stays and one under the quote goes; before any written line it stays.
 */
function keeper(lines: string[], kept: Set<number>): (position: number) => boolean {
  const withAbove: boolean[] = [];
  let above = true;
  lines.forEach((line, i) => {
    if (!isBlank(line)) above = kept.has(i);
    withAbove.push(above);
  });
  return (position) => {
    if (Number.isInteger(position)) {
      return isBlank(lines[position] ?? '') ? (withAbove[position] ?? true) : kept.has(position);
    }
    const before = Math.floor(position);
    return before < 0 ? true : (withAbove[before] ?? above);
  };
}

const VOID = new Set(['br', 'img', 'hr']);

/** Text that shows nothing; a no-break space is how Outlook spaces paragraphs, so it counts. */
function isEmptyText(node: DomNode): boolean {
  return node.type !== 'text' || (isBlank(node.data ?? '') && !(node.data ?? '').includes('\u00a0'));
}

/** Elements left without any text, image or line break are removed, innermost first. */
function pruneEmpty(root: DomNode): void {
  const order: DomNode[] = [];
  const stack: DomNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    order.push(node);
    for (const child of node.children ?? []) stack.push(child);
  }
  // Children before their parents, so an element left empty by its children's removal goes too.
  const gone = new Set<DomNode>();
  for (let i = order.length - 1; i > 0; i--) {
    const node = order[i];
    if (!isElement(node) || VOID.has(node.name ?? '') || !node.parent) continue;
    const children = node.children ?? [];
    if (children.every((c) => gone.has(c) || (c.type !== 'tag' && isEmptyText(c)))) gone.add(node);
  }
  detachAll(gone);
}

/**
 * Line breaks and blank text at either end are the space the quote or signature left. The edges
 * are narrowed first (each parent's live children as an index range) and the children arrays cut
 * once at the end: taking 50,000 leading <br>s off one by one shifted the array each time (1 s).
 */
function trimEdges(root: DomNode): void {
  const from = new Map<DomNode, number>();
  const to = new Map<DomNode, number>();
  const live = (node: DomNode): [number, number] => [
    from.get(node) ?? 0,
    to.get(node) ?? node.children?.length ?? 0,
  ];
  for (const last of [true, false]) {
    for (;;) {
      // The last (or first) leaf in document order, skipping nothing.
      let leaf = root;
      for (let [a, b] = live(leaf); a < b; [a, b] = live(leaf)) leaf = leaf.children![last ? b - 1 : a];
      if (leaf === root) break;
      const blank =
        leaf.type === 'text' ? isBlank(leaf.data ?? '') : leaf.name === 'br' || leaf.name === 'hr';
      const emptyElement = isElement(leaf) && !VOID.has(leaf.name ?? '');
      if (!blank && !emptyElement && leaf.type !== 'comment') break;
      // Off its parent's edge, and so every ancestor this leaves empty, up to the root.
      for (let gone = leaf; ;) {
        const parent = gone.parent!;
        const [a, b] = live(parent);
        if (last) to.set(parent, b - 1);
        else from.set(parent, a + 1);
        if (parent === root || b - a > 1) break;
        gone = parent;
      }
    }
  }
  for (const parent of new Set([...from.keys(), ...to.keys()])) {
    const [a, b] = live(parent);
    const children = parent.children ?? [];
    const kept = children.slice(a, Math.max(a, b));
    for (const gone of [...children.slice(0, a), ...children.slice(Math.max(a, b))]) {
      gone.parent = gone.prev = gone.next = null;
    }
    if (kept.length) kept[0].prev = kept[kept.length - 1].next = null;
    parent.children = kept;
  }
}

/**
 * The reply's HTML: the traced tree with everything outside the reply removed, sanitised. Null
 * when the reply cannot be found in the HTML lines, or nothing is left. Mutates the tree.
 */
export function cutHtmlReply(source: TracedHtml, reply: string): string | null {
  const kept = replyLines(source.lines, reply);
  if (!kept) return null;
  const keep = keeper(source.lines, kept);
  detachAll([...source.trace].filter(([, positions]) => !positions.some(keep)).map(([node]) => node));
  pruneEmpty(source.root);
  trimEdges(source.root);
  const html = sanitizeReplyHtml(load(source.root as never, PARSE_OPTIONS, false).html()).trim();
  return hasContent(html) ? html : null;
}

/** Whether sanitised HTML shows anything: an image or a written character (no second parse). */
function hasContent(html: string): boolean {
  return html.includes('<img') || !isBlank(html.replace(/<[^<>]*>|&nbsp;/g, ''));
}
