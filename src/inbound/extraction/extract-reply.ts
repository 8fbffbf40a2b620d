import { extractForward, isForward } from './forwards';
import { parseHtml, prepareHtml } from './html-quotes';
import { cutHtmlReply, traceHtml, type TracedHtml } from './html-reply';
import { beyondExtraction, MAX_HTML_CHARS } from './limits';
import { removeSentTexts } from './sent-text';
import { extractFromText } from './text-reply';
import { isBlank } from './text-utils';
import type { ExtractedReply, ExtractionMethod, ReplyInput, TextExtraction } from './types';

/**
 * Returns only what the person newly wrote in a reply, plus what was removed.
 * Order: our own sent text (exact, any language) → the HTML part with its clients' quote
 * markup → the plain-text rules. If the result looks like it lost the person's words, we
 * return the full unquoted body instead and say so (`confident: false`).
 */
export function extractReply(input: ReplyInput): ExtractedReply {
  let traced: TracedHtml | null = null;
  const reply = extractText(input, (t) => (traced = t));
  return traced ? withHtml(reply, traced) : reply;
}

/**
 * The reply's own HTML, cut from the same lines as its text. A failure here (a tree too deep to
 * serialise) or HTML longer than MAX_HTML_CHARS costs only the formatting: the relay then builds
 * its HTML from the text.
 */
function withHtml(reply: ExtractedReply, traced: TracedHtml): ExtractedReply {
  try {
    const html = cutHtmlReply(traced, reply.reply);
    // Past the bound, the text carries the words: every relayed copy parses the HTML again.
    return html && html.length <= MAX_HTML_CHARS ? { ...reply, html } : reply;
  } catch {
    return reply;
  }
}

/**
 * The reply with its text replaced (a hook took a command line off it): its HTML keeps only
 * what is still in the text, or goes, so the two parts never say different things.
 */
export function withReplyText(reply: ExtractedReply, text: string): ExtractedReply {
  const { html, ...rest } = reply;
  const narrowed = html ? withHtml({ ...rest, reply: text }, traceHtml(parseHtml(html))) : null;
  return narrowed ?? { ...rest, reply: text };
}

function extractText(input: ReplyInput, onHtml: (traced: TracedHtml) => void): ExtractedReply {
  const text = input.text?.trim() ? input.text : null;
  // Parsing a huge HTML part for its quote markup costs seconds; the text part says the same words.
  const html = input.html?.trim() && !(text && input.html.length > MAX_HTML_CHARS) ? input.html : null;
  if (!html && !text) return { reply: '', quoted: '', method: 'empty', confident: true };
  if (text && beyondExtraction(text)) {
    // trim() only: even a linear per-line pass over 25 MiB of spaces costs a few hundred ms.
    return { reply: text.trim(), quoted: '', method: 'fallback', confident: false };
  }
  if (isForward(input)) return extractForward({ ...input, html });

  const sources: { method: 'html' | 'text'; body: string }[] = [];
  if (html) {
    const traced = traceHtml(prepareHtml(html).root);
    onHtml(traced);
    sources.push({ method: 'html', body: traced.lines.join('\n') });
  }
  if (text) sources.push({ method: 'text', body: text });

  const sent = (input.sentTexts ?? []).filter((s) => s.trim() !== '');
  if (sent.length) {
    for (const { body } of sources) {
      const stripped = removeSentTexts(body, sent);
      if (stripped.removed) {
        return finish(extractFromText(stripped.body), 'sent-text', stripped.removed);
      }
    }
  }

  // The HTML part is what the person saw and wrote in; the text part is the fallback when
  // the HTML rendering leaves nothing (e.g. an HTML part that only holds an image).
  let best: { r: TextExtraction; method: ExtractionMethod } | null = null;
  for (const { method, body } of sources) {
    const r = extractFromText(body);
    if (!best) best = { r, method };
    if (r.reply) return finish(r, method, '');
  }
  return finish(best!.r, best!.method, '');
}

/** Share of the unsigned text a signature cut may remove before we distrust it. */
const MAX_SIGNATURE_SHARE = 0.9;
const MIN_SUSPICIOUS_LINES = 25;

function finish(r: TextExtraction, method: ExtractionMethod, removedSent: string): ExtractedReply {
  const quoted = [removedSent, r.quoted].filter(Boolean).join('\n\n');
  if (!r.reply && r.unsigned) {
    // Everything the person wrote sat below a "--" or footer line: keep it all.
    return { reply: r.unsigned, quoted, method: 'fallback', confident: false };
  }
  // Nothing was cut (the common case): nothing to distrust, and no need to count lines.
  if (r.reply === r.unsigned)
    return { reply: r.reply, quoted, method: r.reply ? method : 'empty', confident: true };
  const cutLines = r.unsigned.split('\n').filter((l) => !isBlank(l)).length;
  const keptLines = r.reply.split('\n').filter((l) => !isBlank(l)).length;
  if (cutLines >= MIN_SUSPICIOUS_LINES && (cutLines - keptLines) / cutLines > MAX_SIGNATURE_SHARE) {
    // A "signature" ten times longer than the message is more likely a "--" used as a rule.
    return { reply: r.unsigned, quoted, method: 'fallback', confident: false };
  }
  return { reply: r.reply, quoted, method: r.reply ? method : 'empty', confident: true };
}
