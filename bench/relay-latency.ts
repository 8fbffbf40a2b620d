import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { SmtpListener } from '../src/inbound/smtp/smtp-listener';
import { ScheduleTickService } from '../src/prompts/schedule/schedule-tick.service';
import { type BenchEmail, mixedCorpus, waitUntil } from './corpus';
import { benchPairings, benchWorld, fmt, percentile, pilotHandoff } from './support';

const run = promisify(execFile);

interface Sent {
  messageId: string;
  code: number;
  /** Epoch ms (client clock, the server's too: one machine) when DATA was complete, and the 250. */
  dataEnd?: number;
  acked?: number;
}

/**
 * Enough pairings that no member comes near the default flood limits (30 a sender, 60 a pairing
 * per 10 minutes) over the warm-up and the run: about 24 emails each, as a programme's mail
 * spreads over its pairings.
 */
const PAIRINGS = 120;
const TARGET_P99_MS = 1000;
/**
 * Warm-up emails, sent at half the rate, unless BENCH_WARM_UP says: as many as the inbound bench's.
 * After 100, V8 was still compiling the pipeline when the timed run began, and the backlog that
 * left in its first five seconds (latency p50 450 to 600 ms there, 100 ms after) was the run's p99.
 */
const WARM_UP = process.env.BENCH_WARM_UP ? Number(process.env.BENCH_WARM_UP) : 400;

/**
 * Relay latency as a pilot sees it: every role in one process (SMTP listener, inbound and
 * outbound workers, HTTP), the reply corpus sent over real SMTP sessions at a steady `rate` for
 * `seconds` by a client in its own process, open-loop (each email starts on time whatever
 * became of the earlier ones). Measured per email from its DATA being complete to the partner's
 * copy accepted by the transport (the file transport's write; `deliveries.sent_at`).
 */
export async function runRelayLatencyBench(
  rate = 100,
  seconds = 25,
): Promise<{ p50: number; p99: number; max: number }> {
  const world = await benchWorld(pilotHandoff());
  try {
    const app = world.running.app;
    const db = app.get(DataSource);
    const port = app.get(SmtpListener).port!;
    const { pairings } = await benchPairings(app, 'Latency', PAIRINGS);
    const routes = pairings.map((p) => ({ from: p.mentee.email, to: p.pairing.relayAddress }));
    const count = async (sql: string) => ((await db.query(sql)) as { n: number }[])[0].n;
    const unsent = () =>
      count(`SELECT count(*)::int AS n FROM deliveries WHERE status IN ('queued', 'sending')`);
    const unfinished = () => count(`SELECT count(*)::int AS n FROM inbound_emails WHERE status = 'received'`);
    const idle = async () => (await unfinished()) === 0 && (await unsent()) === 0;

    // New pairings: their welcomes go out now rather than in the middle of the run.
    await app.get(ScheduleTickService).tick();
    await waitUntil(idle, 50);
    // Warm-up at half the rate: JIT, pools, queues, the SMTP path.
    await sendAtRate(port, mixedCorpus(routes, WARM_UP, 'latency-warm'), rate / 2);
    await waitUntil(idle, 50);

    const mails = mixedCorpus(routes, rate * seconds, 'latency');
    const { results, seconds: took } = await sendAtRate(port, mails, rate);
    // Every accepted email's copy, however late: a missing one counts against the figures below.
    const deadline = Date.now() + 120_000;
    await waitUntil(async () => (await idle()) || Date.now() > deadline, 100);
    const rows = (await db.query(
      `SELECT m.message_id AS "messageId", (extract(epoch FROM d.sent_at) * 1000)::float8 AS "sentAt"
         FROM deliveries d JOIN messages m ON m.id = d.source_message_id
        WHERE m.message_id LIKE 'bench-latency-%' AND d.kind = 'relay' AND d.status = 'sent'`,
    )) as { messageId: string; sentAt: number }[];
    const written = new Map(rows.map((r) => [r.messageId, r.sentAt]));

    const accepted = results.filter((r) => r.code === 250);
    const latencies = accepted.map((r) => (written.get(r.messageId) ?? Infinity) - r.dataEnd!);
    const acks = accepted.map((r) => r.acked! - r.dataEnd!);
    const sorted = (xs: number[]) => [...xs].sort((a, z) => a - z);
    const lat = sorted(latencies);
    const ack = sorted(acks);
    const p50 = percentile(lat, 50);
    const p99 = percentile(lat, 99);
    const max = lat[lat.length - 1];
    // BENCH_LATENCY_DEBUG=1: latency by tenth of the run, to tell a backlog that grows from a stall.
    if (process.env.BENCH_LATENCY_DEBUG) {
      const t0 = accepted[0].dataEnd!;
      for (let k = 0; k < 10; k++) {
        const part = accepted.slice((k * accepted.length) / 10, ((k + 1) * accepted.length) / 10);
        const l = sorted(part.map((r) => (written.get(r.messageId) ?? Infinity) - r.dataEnd!));
        const w = sorted(part.map((r) => (written.get(r.messageId) ?? Infinity) - t0));
        console.log(
          `  decile ${k}: latency p50 ${fmt(percentile(l, 50), 0)} ms, written at +${fmt(w[0], 0)}..+${fmt(w[w.length - 1], 0)} ms`,
        );
      }
    }
    const missing = latencies.filter((l) => l === Infinity).length;
    const ms = (v: number) => (Number.isFinite(v) ? `${fmt(v, 0)} ms` : 'never');
    console.log(
      `${mails.length} emails over SMTP at ${rate}/s (sent in ${fmt(took)} s), every role in one process: ` +
        `${accepted.length} answered 250, ${accepted.length - missing} relayed (after ${WARM_UP} emails of warm-up at ${rate / 2}/s)`,
    );
    console.log(
      `  SMTP DATA complete -> 250 (committed): p50 ${ms(percentile(ack, 50))}, p99 ${ms(percentile(ack, 99))}`,
    );
    console.log(
      `  received (DATA complete) -> partner's copy accepted by the file transport: p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(max)}; ` +
        `p99 < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS && accepted.length === mails.length ? 'met' : 'NOT met'}`,
    );
    return { p50, p99, max };
  } finally {
    await world.destroy();
  }
}

/** Runs the SMTP client in its own process over `mails`, at `rate` per second. */
export async function sendAtRate(port: number, mails: BenchEmail[], rate: number) {
  const file = join(mkdtempSync(join(tmpdir(), 'mm-bench-smtp-')), 'mails.json');
  writeFileSync(
    file,
    JSON.stringify(
      mails.map((m) => ({
        from: m.from,
        to: m.to,
        raw: m.raw.toString('utf8'),
        messageId: /^Message-ID:\s*<([^>]+)>/im.exec(m.raw.toString('utf8'))![1],
      })),
    ),
  );
  const { stdout } = await run(
    process.execPath,
    [join(__dirname, 'smtp-load-client.mjs'), String(port), file, String(rate)],
    {
      maxBuffer: 64 << 20,
    },
  );
  return JSON.parse(stdout) as { results: Sent[]; seconds: number };
}
