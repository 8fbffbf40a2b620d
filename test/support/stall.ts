import { monitorEventLoopDelay } from 'node:perf_hooks';
import { structureProblem } from '../../src/inbound/checks/unrelayable';
import { extractReply } from '../../src/inbound/extraction';
import type { ExtractedReply } from '../../src/inbound/extraction/types';
import { parseInbound } from '../../src/inbound/parsing/parse-inbound';
import { relayedHtml } from '../../src/outbound/relay/relay-html';
import { timed } from './bounded';

/** How long one email kept the event loop from turning, in the path the pipeline and `cli parse` run. */
export interface Stall {
  /** The pipeline's first check, before any parse (too many parts, a line of megabytes): one synchronous call. */
  precheckMs: number;
  /** That check refused the email: it is never parsed. */
  refused: boolean;
  /** Longest block during parseInbound (mailparser yields between chunks), from monitorEventLoopDelay. */
  parseMs: number;
  /** extractReply is one synchronous call: its wall time is its stall. */
  extractMs: number;
  /** Preparing a relayed copy's HTML from the reply's (relayedHtml, once per copy), likewise. */
  composeMs: number;
  stallMs: number;
  extracted: ExtractedReply | null;
  /** Extraction threw (the pipeline would fail the email's job). */
  error?: string;
}

const delay = monitorEventLoopDelay({ resolution: 1 });

export async function measureStall(raw: Buffer, sentTexts: string[] = []): Promise<Stall> {
  const checked = process.hrtime.bigint();
  const refused = structureProblem(raw) !== null;
  const precheckMs = Number(process.hrtime.bigint() - checked) / 1e6;
  if (refused)
    return {
      precheckMs,
      refused,
      parseMs: 0,
      extractMs: 0,
      composeMs: 0,
      stallMs: precheckMs,
      extracted: null,
    };
  delay.reset();
  delay.enable();
  let parsed: Awaited<ReturnType<typeof parseInbound>> | null = null;
  try {
    parsed = await parseInbound(raw);
  } catch {
    // A malformed email is rejected before extraction: only its parse counts.
  }
  delay.disable();
  // The histogram's max is in nanoseconds (and 0 when nothing was recorded).
  const parseMs = delay.count > 0 ? delay.max / 1e6 : 0;
  let extractMs = 0;
  let extracted: ExtractedReply | null = null;
  let error: string | undefined;
  if (parsed) {
    const started = process.hrtime.bigint();
    try {
      extracted = extractReply({ text: parsed.text, html: parsed.html, sentTexts, subject: parsed.subject });
    } catch (e) {
      error = (e as Error).message;
    }
    extractMs = Number(process.hrtime.bigint() - started) / 1e6;
  }
  const html = extracted?.html;
  const composeMs = html ? timed(() => relayedHtml(html, new Map(), { ourDomain: 'relay.localhost' })).ms : 0;
  const stallMs = Math.max(precheckMs, parseMs, extractMs, composeMs);
  return { precheckMs, refused, parseMs, extractMs, composeMs, stallMs, extracted, error };
}

/** A minimal single-part email around a body. */
export function rawEmail(body: string, type: 'plain' | 'html', n = 0): Buffer {
  return Buffer.from(
    [
      'From: Ann Example <ann@example.org>',
      'To: pairing@relay.localhost',
      `Subject: hostile ${n}`,
      `Message-ID: <hostile-${n}@example.org>`,
      'MIME-Version: 1.0',
      `Content-Type: text/${type}; charset=utf-8`,
      'Content-Transfer-Encoding: 8bit',
      '',
      body,
    ].join('\r\n'),
  );
}
