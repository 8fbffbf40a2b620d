import { forwardPrefix } from '../../conversations/subject';
import type { DomNode } from './dom';
import { detachAll } from './dom';
import { parseHtml } from './html-quotes';
import { cutHtmlReply, traceHtml } from './html-reply';
import { normalizeNewlines, tidy } from './text-utils';
import type { ExtractedReply, ReplyInput } from './types';

/**
 * A member forwarding an email to the relay ("look at this offer") means the forwarded message
 * itself: it is what they pass on, not history to cut. Relayed whole, masked like any body.
 */

/**
 * A forward by its subject ("Fwd:", "WG:", "TR:" ...), which every client sets. Not by a
 * "Forwarded message" line in the body: a reply's history may hold an earlier forward, and such
 * a line under a reply is history (the reply corpus labels it so).
 */
export function isForward(input: ReplyInput): boolean {
  return forwardPrefix(input.subject) !== null;
}

const INVISIBLE = 'head, style, script, title';

/**
 * The whole body as the member sent it: the HTML part without any quote treatment (Apple Mail
 * puts the forwarded message in a blockquote, Gmail its headers in an attribution container,
 * Outlook under #divRplyFwdMsg), else the text part.
 */
export function extractForward(input: ReplyInput): ExtractedReply {
  if (input.html?.trim()) {
    const root = parseHtml(input.html);
    detachAll(invisible(root));
    const traced = traceHtml(root);
    const reply = tidy(traced.lines.join('\n'));
    if (reply) {
      const html = forwardHtml(traced, reply);
      return { reply, quoted: '', method: 'forward', confident: true, ...(html ? { html } : {}) };
    }
  }
  const reply = tidy(normalizeNewlines(input.text ?? ''));
  return { reply, quoted: '', method: reply ? 'forward' : 'empty', confident: true };
}

/** As for a reply, a tree too deep to serialise costs only the formatting. */
function forwardHtml(traced: ReturnType<typeof traceHtml>, reply: string): string | null {
  try {
    return cutHtmlReply(traced, reply);
  } catch {
    return null;
  }
}

function invisible(root: DomNode): DomNode[] {
  const found: DomNode[] = [];
  const names = new Set(INVISIBLE.split(', '));
  const stack: DomNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type !== 'text' && names.has(node.name ?? '')) found.push(node);
    else for (const child of node.children ?? []) stack.push(child);
  }
  return found;
}
