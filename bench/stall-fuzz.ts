/**
 * `npm run bench:stall [-- --inputs N --seed S]`: the longest event-loop stall one email can cause
 * in the inbound path (issue #11: "On" + 160,000 spaces + "wrote" froze SMTP, HTTP and workers for
 * 57 s). Every input goes through what the pipeline and `npm run cli -- parse` run: parseInbound
 * (mailparser) and then extractReply, with a sent text for some, as the pipeline passes it, and
 * for a reply with HTML the preparation of one relayed copy's HTML (relayedHtml).
 *
 * A stall is the longest stretch during which the event loop could not turn: for the parse,
 * monitorEventLoopDelay's maximum (mailparser yields between chunks); for the extraction and the
 * copy's HTML, each one synchronous call, its wall time. Goal: under 100 ms for any input up to
 * INBOUND_MAX_BYTES.
 *
 * Inputs: a few thousand hostile and random bodies built from a grammar (attribution fragments,
 * quote markers, whitespace runs, separators, header lines, HTML tags), a few up to the size limit,
 * then the MIME corpus (../shared/corpus/mime) and the reply corpus (../shared/corpus/replies).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig } from '../src/config/app-config';
import { REPLY_CORPUS_DIR } from '../test/support/reply-corpus';
import { measureStall, type Stall } from '../test/support/stall';
import { hostileInputs, type HostileInput } from './stall-inputs';

const MIME_CORPUS_DIR = resolve(REPLY_CORPUS_DIR, '../mime');
const GOAL_MS = 100;

interface Sample extends Stall {
  shape: string;
  bytes: number;
}

async function measure(shape: string, raw: Buffer, sentTexts: string[]): Promise<Sample> {
  return { shape, bytes: raw.length, ...(await measureStall(raw, sentTexts)) };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function report(label: string, samples: Sample[]): Sample | null {
  if (samples.length === 0) return null;
  const stalls = samples.map((s) => s.stallMs).sort((a, b) => a - b);
  const worst = samples.reduce((a, b) => (b.stallMs > a.stallMs ? b : a));
  const worstExtract = samples.reduce((a, b) => (b.extractMs > a.extractMs ? b : a));
  const worstCompose = samples.reduce((a, b) => (b.composeMs > a.composeMs ? b : a));
  const over = samples.filter((s) => s.stallMs >= GOAL_MS).length;
  console.log(
    `${label}: ${samples.length} inputs; longest stall ${worst.stallMs.toFixed(1)} ms (${worst.shape}, ` +
      `${(worst.bytes / 1024).toFixed(0)} KiB; parse ${worst.parseMs.toFixed(1)}, extraction ${worst.extractMs.toFixed(1)}, copy HTML ${worst.composeMs.toFixed(1)}); ` +
      `longest extraction ${worstExtract.extractMs.toFixed(1)} ms (${worstExtract.shape}); ` +
      `longest copy HTML ${worstCompose.composeMs.toFixed(1)} ms (${worstCompose.shape}); ` +
      `p50 ${percentile(stalls, 50).toFixed(1)} ms, p99 ${percentile(stalls, 99).toFixed(1)} ms; ` +
      `${over} at or over ${GOAL_MS} ms; ${samples.filter((s) => s.error).length} extraction errors`,
  );
  for (const s of samples.filter((x) => x.error).slice(0, 3)) console.log(`  error: ${s.shape}: ${s.error}`);
  return worst;
}

function emlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => join(dir, f));
}

export interface StallFuzzOptions {
  inputs?: number;
  seed?: number;
}

export async function runStallFuzz(options: StallFuzzOptions = {}): Promise<void> {
  const maxBytes = AppConfig.fromEnvironment({ NODE_ENV: 'test' }).env.INBOUND_MAX_BYTES;
  const hostile: Sample[] = [];
  const large: Sample[] = [];
  for (const input of hostileInputs({ count: options.inputs ?? 3000, seed: options.seed ?? 11, maxBytes })) {
    const sample = await measure(input.shape, input.raw, input.sentTexts);
    (input.large ? large : hostile).push(sample);
    warnSlow(input, sample);
  }
  const mime: Sample[] = [];
  for (const file of emlFiles(MIME_CORPUS_DIR)) {
    mime.push(await measure(`mime/${file.split('/').pop()}`, readFileSync(file), []));
  }
  const replies: Sample[] = [];
  for (const file of emlFiles(REPLY_CORPUS_DIR)) {
    replies.push(await measure(`replies/${file.split('/').pop()}`, readFileSync(file), []));
  }
  report('hostile and random (grammar)', hostile);
  report(`up to the size limit (${(maxBytes / 1024 / 1024).toFixed(0)} MiB)`, large);
  report('MIME corpus', mime);
  report('reply corpus', replies);
  report('all', [...hostile, ...large, ...mime, ...replies]);
}

function warnSlow(input: HostileInput, sample: Sample): void {
  if (sample.stallMs < GOAL_MS) return;
  console.log(
    `  over ${GOAL_MS} ms: ${input.shape} (${(sample.bytes / 1024).toFixed(0)} KiB): ` +
      `parse ${sample.parseMs.toFixed(1)} ms, extraction ${sample.extractMs.toFixed(1)} ms, ` +
      `copy HTML ${sample.composeMs.toFixed(1)} ms`,
  );
}

function argument(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

if (require.main === module) {
  runStallFuzz({ inputs: argument('inputs'), seed: argument('seed') }).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
