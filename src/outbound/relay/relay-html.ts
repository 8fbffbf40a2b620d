import { load } from 'cheerio/slim';
import { sanitizeReplyHtml } from '../../inbound/extraction';
import { detachAll, elementsWhere, type DomNode } from '../../inbound/extraction/dom';
import { PARSE_OPTIONS } from '../../inbound/extraction/html-quotes';
import { domToText } from '../../inbound/extraction/html-text';
import { addressRanges, HIDDEN_ADDRESS_TEXT, maskAddresses, type AddressMask } from '../mime/mask-addresses';

/**
 * The author's own HTML (the reply's new part, stored sanitised) made ready for one relayed copy:
 * sanitised again (a row may predate today's rules), images pointed at this copy's Content-IDs,
 * every address hidden as in the text, and the text part rendered from the same tree with every
 * link's target, so a reader of the text part loses no URL.
 */

export interface RelayedHtml {
  html: string;
  text: string;
  /** The author's Content-IDs the HTML shows; the other inline images are added after it. */
  shownCids: Set<string>;
}

/**
 * Elements that run inline: an address split across them is one address to the reader. These
 * are all the inline elements the sanitiser keeps; an image counts too (a blank one between
 * "ann" and "@example.org" shows the address).
 */
const INLINE = new Set(['a', 'b', 'strong', 'i', 'em', 'u', 'img']);

/**
 * Hides addresses in the text a reader sees. Per run of inline text, not per node: in
 * "ann@<b>example.org</b>" neither node holds an address, and the reader sees one. The
 * placeholder goes into the node where the address starts; the rest of it leaves the others.
 */
function maskText(root: DomNode, mask: AddressMask): void {
  const replacement = mask.replacement ?? HIDDEN_ADDRESS_TEXT;
  for (const run of inlineRuns(root)) {
    const whole = run.map((n) => n.data ?? '').join('');
    const ranges = addressRanges(whole, mask);
    // One sweep over the nodes and the ranges together, both in order (offsets into `whole`):
    // a run of 60,000 nodes and 30,000 addresses is one pass, not one pass per address.
    let next = 0;
    let nodeStart = 0;
    for (const node of run) {
      const nodeEnd = nodeStart + (node.data ?? '').length;
      while (next < ranges.length && ranges[next][1] <= nodeStart) next++;
      let kept = '';
      let from = nodeStart;
      let touched = false;
      for (let r = next; r < ranges.length && ranges[r][0] < nodeEnd; r++) {
        const [start, end] = ranges[r];
        kept += whole.slice(from, Math.max(start, nodeStart)) + (start >= nodeStart ? replacement : '');
        from = Math.min(end, nodeEnd);
        touched = true;
      }
      if (touched) node.data = kept + whole.slice(from, nodeEnd);
      nodeStart = nodeEnd;
    }
  }
}

/** The text nodes in document order, grouped into runs that no block or line break separates. */
function inlineRuns(root: DomNode): DomNode[][] {
  const runs: DomNode[][] = [[]];
  const stack: DomNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text') {
      runs[runs.length - 1].push(node);
      continue;
    }
    if (node.type === 'tag' && !INLINE.has(node.name ?? '')) runs.push([]);
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return runs.filter((run) => run.length > 0);
}

/** A link to a hidden address leads nowhere: it becomes its text. Others keep a masked target. */
function maskLinks(elements: DomNode[], mask: AddressMask): void {
  for (const el of elements) {
    const attribs = el.attribs ?? {};
    if (el.name === 'a' && attribs.href !== undefined) {
      const href = attribs.href;
      const masked = maskAddresses(href, mask);
      if (masked === href) continue;
      if (/^\s*mailto:/i.test(href)) delete attribs.href;
      else attribs.href = masked;
    } else if (el.name === 'img' && attribs.alt !== undefined) {
      attribs.alt = maskAddresses(attribs.alt, mask);
    }
  }
}

/** `cid:` sources renamed to this copy's ids; an image whose part is not relayed is removed. */
function pointImages(elements: DomNode[], cids: ReadonlyMap<string, string>): Set<string> {
  const shown = new Set<string>();
  const gone: DomNode[] = [];
  for (const img of elements) {
    if (img.name !== 'img') continue;
    const attribs = (img.attribs ??= {});
    const src = (attribs.src ?? '').trim();
    const cid = /^cid:/i.test(src) ? src.slice(4).replace(/^<|>$/g, '') : '';
    const ours = cid ? (cids.get(cid) ?? cids.get(cid.toLowerCase())) : undefined;
    if (!ours) {
      gone.push(img);
      continue;
    }
    shown.add(cid.toLowerCase());
    attribs.src = `cid:${ours}`;
    attribs.style = 'max-width:100%';
  }
  detachAll(gone);
  return shown;
}

export function relayedHtml(
  stored: string,
  cids: ReadonlyMap<string, string>,
  mask: AddressMask,
): RelayedHtml {
  const { html, root, shownCids } = sanitisedAndMasked(stored, cids, mask);
  const text = maskAddresses(domToText(root, { links: true }), mask);
  return { html, text, shownCids };
}

/**
 * Other HTML we pass on, such as an HTML attachment or a calendar's X-ALT-DESC, as the relayed
 * body's HTML: a browser shows its text, so it is masked as a reader sees it (per run of text,
 * references decoded), and sanitised first because only then is what it shows known: a script
 * or a style sheet (`content:`, positioning) can write or move text into an address that no text
 * run holds. The cost is the formatting the sanitiser removes. It shows no image (an attachment
 * has no parts of its own to point at).
 */
export function maskedHtml(html: string, mask: AddressMask): string {
  return sanitisedAndMasked(html, new Map(), mask).html;
}

function sanitisedAndMasked(stored: string, cids: ReadonlyMap<string, string>, mask: AddressMask) {
  const $ = load(sanitizeReplyHtml(stored), PARSE_OPTIONS, false);
  const root = $.root()[0] as unknown as DomNode;
  // One walk, not cheerio's selectors: its find() hands every top-level node of a fragment to
  // css-select, which compares each with every other (a reply of 30,000 inline elements held the
  // event loop for 3 s).
  const elements = elementsWhere(root, (name) => name === 'a' || name === 'img');
  const shownCids = pointImages(elements, cids);
  maskLinks(elements, mask);
  maskText(root, mask);
  // The string pass catches what the tree passes cannot see (an address in an encoded href) and
  // removes bidi controls, which the serialiser writes as references ("&#x202e;").
  return { html: maskAddresses($.html(), mask), root, shownCids };
}
