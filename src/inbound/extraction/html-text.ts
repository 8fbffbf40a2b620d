import { textOf, type DomNode } from './dom';
import { QUOTE_ATTR } from './html-quotes';

/**
 * HTML to the text a person sees, line by line: blocks and <br> break lines, links keep only
 * their text, no re-wrapping, and quote containers come out "> "-prefixed so the plain-text
 * rules handle quotes and inline answers the same way for both parts. (html-to-text re-wraps
 * and annotates links, which is what we do not want for "the visible text".)
 */

const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'center',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'ul',
  'hr',
  'caption',
]);
const SKIP = new Set(['head', 'style', 'script', 'title', 'img', 'meta', 'link', 'object', 'svg']);
const CELLS = new Set(['td', 'th']);

class LineWriter {
  readonly lines: string[] = [];
  private buffer = '';
  private hasContent = false;
  depth = 0;

  /**
   * Where the next text lands: the index of the line being filled, or, while that line is still
   * empty, the gap just before it (index - 0.5): an image on a line of its own makes no line.
   */
  position(): number {
    return this.hasContent ? this.lines.length : this.lines.length - 0.5;
  }

  text(raw: string, pre: boolean): void {
    const t = pre ? raw : raw.replace(/[ \t\r\n\f]+/g, ' ');
    if (!t) return;
    if (pre) {
      const parts = t.split('\n');
      parts.forEach((p, i) => {
        if (i > 0) this.breakLine(true);
        this.append(p);
      });
      return;
    }
    this.append(t);
  }

  private append(t: string): void {
    if (!this.hasContent && this.buffer === '' && t.trim() === '' && !t.includes('\u00a0')) return;
    this.buffer += t;
    if (t.trim() !== '' || t.includes('\u00a0')) this.hasContent = true;
  }

  space(): void {
    if (this.hasContent && !/\s$/.test(this.buffer)) this.buffer += ' ';
  }

  /** Ends the current line; `force` emits an empty line too (a <br> on its own). */
  breakLine(force: boolean): void {
    if (this.hasContent || force)
      this.lines.push(this.prefix() + this.buffer.trim().replace(/^\u00a0+$/, ''));
    this.buffer = '';
    this.hasContent = false;
  }

  blankLine(): void {
    this.breakLine(false);
    const last = this.lines[this.lines.length - 1];
    if (last !== undefined && last.replace(/^[> ]*/, '') !== '') this.lines.push(this.prefix().trimEnd());
  }

  private prefix(): string {
    return '> '.repeat(this.depth);
  }
}

/** Paragraphs have a margin unless Word/Outlook (MsoNormal) or an inline style removes it. */
function hasParagraphMargin(node: DomNode): boolean {
  const cls = node.attribs?.class ?? '';
  const style = node.attribs?.style ?? '';
  return !/MsoNormal|MsoPlainText/i.test(cls) && !/margin(?:-bottom)?\s*:\s*0/i.test(style);
}

/**
 * What the walk records besides the lines: `trace` maps each text node, <br>, <hr> and <img> to
 * the line positions it produced (see LineWriter.position), so a cut made on the lines can be
 * made on the tree too; `links` adds each link's target after its text ("here <https://...>").
 */
export interface RenderOptions {
  trace?: Map<DomNode, number[]>;
  links?: boolean;
}

const TRACED = new Set(['br', 'img']);

/** Work left for the walk: enter a node, or close an element whose children are done. */
type Step =
  | { node: DomNode; pre: boolean; leave: false }
  | { node: DomNode; leave: true; block: boolean; quote: boolean };

/** Opens a node; returns the steps for its children and its closing, or none. */
function enter(node: DomNode, out: LineWriter, pre: boolean, options: RenderOptions): Step[] {
  const trace = options.trace;
  if (node.type === 'text') {
    if (!trace) {
      out.text(node.data ?? '', pre);
      return [];
    }
    const first = out.lines.length;
    out.text(node.data ?? '', pre);
    const last = out.position();
    // Only text inside <pre> spans lines: it stands for each of them.
    const at = [last];
    for (let line = first; line < last; line++) at.push(line);
    trace.set(node, at);
    return [];
  }
  if (node.type !== 'tag' && node.type !== 'root') return [];
  const name = node.name ?? '';
  if (trace && TRACED.has(name) && name !== 'hr') trace.set(node, [out.position()]);
  if (SKIP.has(name)) return [];
  if (name === 'br') {
    out.breakLine(true);
    return [];
  }
  const quote = node.attribs?.[QUOTE_ATTR] !== undefined;
  const block = BLOCKS.has(name) || quote;
  if (block) out.breakLine(false);
  if (CELLS.has(name)) out.space();
  if (quote) out.depth++;
  if (name === 'hr') {
    out.text('---', false);
    trace?.set(node, [out.position()]);
  }
  const inPre = pre || name === 'pre';
  const children: Step[] = (node.children ?? []).map((child) => ({ node: child, pre: inPre, leave: false }));
  return [...children, { node, leave: true, block, quote }];
}

/** The target of a link whose text does not already show it, for a text part that keeps every URL. */
function linkTarget(node: DomNode): string | null {
  const href = (node.attribs?.href ?? '').trim();
  if (!/^(?:https?|mailto):/i.test(href)) return null;
  const shown = textOf(node).replace(/\s+/g, ' ').trim();
  const bare = href.replace(/^mailto:/i, '');
  if (shown === href || shown === bare || shown === href.replace(/\/$/, '')) return null;
  return href;
}

function leave(node: DomNode, out: LineWriter, block: boolean, quote: boolean, options: RenderOptions): void {
  if (options.links && node.name === 'a') {
    const target = linkTarget(node);
    if (target) out.text(` <${target}>`, false);
  }
  if (block) out.breakLine(false);
  if (quote) out.depth--;
  if (node.name === 'p' && hasParagraphMargin(node)) out.blankLine();
}

/** An explicit stack, not recursion: a hostile email nests thousands of elements (issue #11). */
export function domToText(root: DomNode, options: RenderOptions = {}): string {
  return domToLines(root, options).join('\n');
}

export function domToLines(root: DomNode, options: RenderOptions = {}): string[] {
  const out = new LineWriter();
  const stack: Step[] = [{ node: root, pre: false, leave: false }];
  while (stack.length) {
    const step = stack.pop()!;
    if (step.leave) leave(step.node, out, step.block, step.quote, options);
    else {
      const next = enter(step.node, out, step.pre, options);
      for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
    }
  }
  out.breakLine(false);
  return out.lines;
}
