import type { CheerioAPI } from 'cheerio';
import { load } from 'cheerio/slim';
import { sanitizeReplyHtml } from '../../inbound/extraction';
import type { DomNode } from '../../inbound/extraction/dom';
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

/** Elements that run inline: an address split across them is one address to the reader. */
const INLINE = new Set(['a', 'b', 'strong', 'i', 'em', 'u']);

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
    // From the last address back, so the offsets of the earlier ones stay right.
    for (let r = ranges.length - 1; r >= 0; r--) {
      const [start, end] = ranges[r];
      let nodeStart = 0;
      for (const node of run) {
        const data = node.data ?? '';
        const nodeEnd = nodeStart + data.length;
        if (nodeEnd > start && nodeStart < end) {
          const placeholder = start >= nodeStart ? replacement : '';
          node.data =
            data.slice(0, Math.max(start, nodeStart) - nodeStart) +
            placeholder +
            data.slice(Math.min(end, nodeEnd) - nodeStart);
        }
        nodeStart = nodeEnd;
      }
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
function maskLinks($: CheerioAPI, mask: AddressMask): void {
  $('a[href]').each((_, el) => {
    const link = $(el);
    const href = link.attr('href') ?? '';
    const masked = maskAddresses(href, mask);
    if (masked === href) return;
    if (/^\s*mailto:/i.test(href)) link.removeAttr('href');
    else link.attr('href', masked);
  });
  $('img[alt]').each((_, el) => {
    const img = $(el);
    img.attr('alt', maskAddresses(img.attr('alt') ?? '', mask));
  });
}

/** `cid:` sources renamed to this copy's ids; an image whose part is not relayed is removed. */
function pointImages($: CheerioAPI, cids: ReadonlyMap<string, string>): Set<string> {
  const shown = new Set<string>();
  $('img').each((_, el) => {
    const img = $(el);
    const src = (img.attr('src') ?? '').trim();
    const cid = /^cid:/i.test(src) ? src.slice(4).replace(/^<|>$/g, '') : '';
    const ours = cid ? (cids.get(cid) ?? cids.get(cid.toLowerCase())) : undefined;
    if (!ours) {
      img.remove();
      return;
    }
    shown.add(cid.toLowerCase());
    img.attr('src', `cid:${ours}`);
    img.attr('style', 'max-width:100%');
  });
  return shown;
}

export function relayedHtml(
  stored: string,
  cids: ReadonlyMap<string, string>,
  mask: AddressMask,
): RelayedHtml {
  const $ = load(sanitizeReplyHtml(stored), PARSE_OPTIONS, false);
  const shownCids = pointImages($, cids);
  maskLinks($, mask);
  const root = $.root()[0] as unknown as DomNode;
  maskText(root, mask);
  // The string pass catches what the tree passes cannot see (an address in an encoded href).
  const html = maskAddresses($.html(), mask);
  const text = maskAddresses(domToText(root, { links: true }), mask);
  return { html, text, shownCids };
}
