import { simpleParser } from 'mailparser';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import Queue from 'bull';
import { Client } from 'pg';
import { DataSource, In } from 'typeorm';
import { InboundEmail } from '../src/inbound/entities/inbound-email.entity';
import { IntakeService } from '../src/inbound/intake.service';
import { ScheduleTickService } from '../src/prompts/schedule/schedule-tick.service';
import { profiled } from './cpu-profile';
import { statementStats } from './pg-statements';
import { type BenchEmail, inLanes, mixedCorpus, waitUntil } from './corpus';
import { benchPairings, benchWorld, fmt, percentile, pilotHandoff } from './support';

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, z) => a - z),
    50,
  );

const LANES = 4;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/**
 * The mail is spread over enough pairings (at least 100) that each member writes at most this many
 * in the whole bench, well under the flood limits (30 a sender, 60 a pairing, per 10 minutes), as a
 * programme receives it. One member pouring the bench into one pairing would be refused at 30, so
 * it is no workload to measure; more rounds (BENCH_ROUNDS) must not cross the limit either.
 */
const PER_MEMBER = 20;
/**
 * Warm-up emails per side before the timed rounds: one round's worth unless BENCH_WARM_UP says.
 * V8 goes on compiling the pipeline's functions for about a thousand emails: after a warm-up of 40,
 * TurboFan still compiled 167 functions during the second timed round and each side's CPU per email
 * kept falling from round to round, so the rounds measured the warm-up as much as the work.
 */
const WARM_UP = process.env.BENCH_WARM_UP ? Number(process.env.BENCH_WARM_UP) : null;
const TARGET_PCT = 50;

/**
 * Whether a side is short of CPU or of concurrency: the rate it would reach if every core did its
 * work and nothing else (this process's threads and PostgreSQL's backends; Redis, which only bare
 * uses here, is left out), beside the rate it ran at. A side near its ceiling gains only from less
 * CPU per email, not from more batches or threads at once; so the line also says how much CPU per
 * email the target allows.
 */
function cpuCeilingLine(
  bares: { rate: number; cpuMs: number; pgMs: number }[],
  pipelines: { rate: number; cpuMs: number; pgMs: number }[],
  bare: number,
): string {
  const cores = availableParallelism();
  const ceilingOf = (x: { cpuMs: number; pgMs: number }) => (1000 * cores) / (x.cpuMs + x.pgMs);
  const usedOf = (x: { rate: number; cpuMs: number; pgMs: number }) => (100 * x.rate) / ceilingOf(x);
  const pipelineCeiling = median(pipelines.map(ceilingOf));
  const allowed = (1000 * cores) / ((TARGET_PCT / 100) * bare);
  const used = median(pipelines.map((p) => p.cpuMs + p.pgMs));
  return (
    `  CPU ceiling (${cores} cores doing nothing else; this process and PostgreSQL): bare ${fmt(median(bares.map(ceilingOf)))} emails/s ` +
    `(it ran at ${fmt(median(bares.map(usedOf)))} % of it), pipeline ${fmt(pipelineCeiling)} emails/s (it ran at ${fmt(median(pipelines.map(usedOf)))} % of it) ` +
    `= ${fmt((100 * pipelineCeiling) / bare)} % of the bare limit; ${TARGET_PCT} % of the bare limit even at full use of every core allows ` +
    `${fmt(allowed, 2)} ms of CPU per email, the pipeline used ${fmt(used, 2)} ms`
  );
}

function cpuMsPerEmail(since: NodeJS.CpuUsage, count: number): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000 / count;
}

/**
 * CPU milliseconds a Linux process or thread has used, from its `stat` file's counters in clock
 * ticks (100 a second); NaN elsewhere, or when it is gone.
 */
function procCpuMs(statPath: string): number {
  try {
    const stat = readFileSync(statPath, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** The main thread alone (the event loop, without offload threads or GC helpers). */
const mainThreadCpuMs = () => procCpuMs(`/proc/self/task/${process.pid}/stat`);

/** This process's thread ids (Linux; none elsewhere). */
function threadIds(): string[] {
  try {
    return readdirSync('/proc/self/task');
  } catch {
    return [];
  }
}

/**
 * CPU milliseconds used so far by the threads this process had before the app started (`early`:
 * the main thread apart, chiefly V8's platform threads, which compile optimised code and help the
 * garbage collector) and by the threads started since (the offload thread, libuv's pool). Every
 * thread is named "node", so the time it was started is what tells them apart.
 */
function helperThreadsCpuMs(early: ReadonlySet<string>): { early: number; late: number } {
  const tids = threadIds();
  // No /proc: unknown, as the main thread's figure is then.
  if (tids.length === 0) return { early: NaN, late: NaN };
  const used = { early: 0, late: 0 };
  for (const tid of tids) {
    if (tid === String(process.pid)) continue;
    const ms = procCpuMs(`/proc/self/task/${tid}/stat`);
    // A thread that ended since the listing has nothing more to count.
    if (Number.isNaN(ms)) continue;
    if (early.has(tid)) used.early += ms;
    else used.late += ms;
  }
  return used;
}

/**
 * CPU milliseconds used so far by the PostgreSQL backends serving this bench's database, by
 * backend: PostgreSQL shares the two cores with this process, so its work per email counts as
 * much as ours. Other benches' and helpers' databases are not in it.
 */
async function postgresCpuMs(db: DataSource): Promise<Map<number, number>> {
  const rows = (await db.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')) as {
    pid: number;
  }[];
  return new Map(rows.map(({ pid }) => [pid, procCpuMs(`/proc/${pid}/stat`)]));
}

/**
 * What the backends used since `before` (a backend that started since counts from zero), the
 * bench's poller apart.
 */
function postgresCpuSince(
  before: Map<number, number>,
  after: Map<number, number>,
  pollerPid: number,
): { pipelineMs: number; pollerMs: number } {
  let pipelineMs = 0;
  let pollerMs = 0;
  for (const [pid, now] of after) {
    const used = now - (before.get(pid) ?? 0);
    if (pid === pollerPid) pollerMs += used;
    else pipelineMs += used;
  }
  return { pipelineMs, pollerMs };
}

/**
 * Inbound pipeline throughput beside the bare limit measured in the same run: mailparser parse +
 * one INSERT + one queue add per email. The pipeline runs as a pilot runs it, every role in one
 * process (HTTP, SMTP listener, inbound and outbound workers), and its span ends when the partner's
 * copy of every email is written by the transport (the file transport here). Both sides get the same
 * warm-up, the same emails and the same 4 lanes (the inbound worker's concurrency); the pipeline's
 * intake runs in 4 lanes too, as concurrent SMTP sessions or webhooks would. Bare and pipeline
 * alternate over ROUNDS rounds and each side's median counts, so a noisy second on this shared
 * 2-core box cannot favour one side.
 */
export async function runInboundBench(
  count = 400,
): Promise<{ pipeline: number; bare: number; ratio: number }> {
  const earlyThreads = new Set(threadIds());
  const world = await benchWorld(pilotHandoff());
  // The bench's own questions (is the round over yet?) go over a connection of their own, so
  // their backend's CPU, a poll every 10 ms, is told apart from the pipeline's.
  const poller = new Client({ connectionString: world.config.env.DATABASE_URL });
  try {
    await poller.connect();
    const pollerPid = (await poller.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const app = world.running.app;
    const warmUp = WARM_UP ?? count;
    const pairingCount = Math.max(100, Math.ceil((warmUp + ROUNDS * count) / PER_MEMBER));
    const { pairings } = await benchPairings(app, 'Bench', pairingCount);
    const routes = pairings.map((p) => ({ from: p.mentee.email, to: p.pairing.relayAddress }));
    const db = app.get(DataSource);
    const intake = app.get(IntakeService);
    const count1 = async (sql: string, params: unknown[] = []) =>
      (await poller.query<{ n: number }>(sql, params)).rows[0].n;
    const unfinished = () =>
      count1(`SELECT count(*)::int AS n FROM inbound_emails WHERE status = 'received'`);
    const unsent = () =>
      count1(`SELECT count(*)::int AS n FROM deliveries WHERE status IN ('queued', 'sending')`);
    const notices = () => count1(`SELECT count(*)::int AS n FROM deliveries WHERE kind = 'notice'`);
    const receive = (email: BenchEmail) =>
      intake.receive({ source: 'cli', raw: email.raw, recipient: email.to, envelopeFrom: null });

    await db.query('CREATE TABLE bench_bare (id serial primary key, raw bytea, subject text)');
    const queue = new Queue('bench-bare', world.config.env.REDIS_URL, {
      prefix: `${world.config.env.QUEUE_PREFIX}:bare`,
    });
    const bareOne = async ({ raw }: BenchEmail) => {
      const parsed = await simpleParser(raw);
      const [row] = (await db.query('INSERT INTO bench_bare (raw, subject) VALUES ($1, $2) RETURNING id', [
        raw,
        parsed.subject ?? null,
      ])) as { id: number }[];
      await queue.add({ id: row.id }, { jobId: String(row.id) });
    };

    // The pairings are new: the schedule tick seeds their members and sends each a welcome. That
    // happens once, now, rather than inside whichever timed round the 60 s tick falls in.
    await app.get(ScheduleTickService).tick();
    // Warm-up: JIT, connection pools, the thread, the Bull queues, the outbound worker.
    await inLanes(mixedCorpus(routes, warmUp, 'warm'), LANES, bareOne);
    await inLanes(mixedCorpus(routes, warmUp, 'warm'), LANES, receive);
    await waitUntil(async () => (await unfinished()) === 0);
    await waitUntil(async () => (await unsent()) === 0);

    // The pipeline: intake, the inbound worker, then the outbound worker, until every partner's
    // copy of the batch is written. Rows recorded (the inbound side alone) is noted on the way.
    const timedPipeline = async (tag: string) => {
      const batch = mixedCorpus(routes, count, tag);
      const ids: string[] = [];
      const pg = await postgresCpuMs(db);
      const cpu = process.cpuUsage();
      const main = mainThreadCpuMs();
      const helpers = helperThreadsCpuMs(earlyThreads);
      const t = performance.now();
      await inLanes(batch, LANES, async (raw) => ids.push((await receive(raw)).id));
      await waitUntil(async () => (await unfinished()) === 0);
      const recorded = (performance.now() - t) / 1000;
      await waitUntil(async () => (await unsent()) === 0);
      const seconds = (performance.now() - t) / 1000;
      const cpuMs = cpuMsPerEmail(cpu, count);
      const mainMs = (mainThreadCpuMs() - main) / count;
      const helpersNow = helperThreadsCpuMs(earlyThreads);
      const earlyMs = (helpersNow.early - helpers.early) / count;
      const lateMs = (helpersNow.late - helpers.late) / count;
      const { pipelineMs, pollerMs } = postgresCpuSince(pg, await postgresCpuMs(db), pollerPid);
      const pgMs = pipelineMs / count;
      const pollMs = pollerMs / count;
      const accepted = await db.getRepository(InboundEmail).countBy({ id: In(ids), status: 'accepted' });
      const sent = await count1(
        `SELECT count(*)::int AS n FROM deliveries d JOIN messages m ON m.id = d.source_message_id
          WHERE m.inbound_email_id = ANY($1::uuid[]) AND d.status = 'sent'`,
        [ids],
      );
      return {
        rate: count / seconds,
        recordedRate: count / recorded,
        accepted,
        sent,
        cpuMs,
        mainMs,
        earlyMs,
        lateMs,
        pgMs,
        pollMs,
      };
    };
    // Bare limit: the unavoidable work per email.
    const timedBare = async (tag: string) => {
      const batch = mixedCorpus(routes, count, tag);
      const pg = await postgresCpuMs(db);
      const cpu = process.cpuUsage();
      const main = mainThreadCpuMs();
      const helpers = helperThreadsCpuMs(earlyThreads);
      const t = performance.now();
      await inLanes(batch, LANES, bareOne);
      const rate = count / ((performance.now() - t) / 1000);
      const helpersNow = helperThreadsCpuMs(earlyThreads);
      return {
        rate,
        cpuMs: cpuMsPerEmail(cpu, count),
        mainMs: (mainThreadCpuMs() - main) / count,
        earlyMs: (helpersNow.early - helpers.early) / count,
        lateMs: (helpersNow.late - helpers.late) / count,
        pgMs: postgresCpuSince(pg, await postgresCpuMs(db), pollerPid).pipelineMs / count,
      };
    };

    const bares: Awaited<ReturnType<typeof timedBare>>[] = [];
    const pipelines: Awaited<ReturnType<typeof timedPipeline>>[] = [];
    // The timed rounds only: the set-up and the warm-up plan every statement afresh.
    const statements = await statementStats(poller);
    await statements.reset();
    for (let round = 0; round < ROUNDS; round++) {
      bares.push(await timedBare(`bare-${round}`));
      pipelines.push(await profiled(`inbound-${round}`, () => timedPipeline(`run-${round}`)));
    }
    await queue.obliterate({ force: true });
    await queue.close();

    const noticesSent = await notices();
    const bare = median(bares.map((b) => b.rate));
    const pipeline = median(pipelines.map((p) => p.rate));
    const recorded = median(pipelines.map((p) => p.recordedRate));
    const accepted = Math.min(...pipelines.map((p) => p.accepted));
    const sent = Math.min(...pipelines.map((p) => p.sent));
    const pct = (rate: number) => (100 * rate) / bare;
    const list = (values: number[]) => values.map((v) => fmt(v)).join(', ');
    console.log(
      `inbound bare limit (parse + INSERT + queue add, ${LANES} lanes): ${fmt(bare)} emails/s (median of ${ROUNDS}: ${list(bares.map((b) => b.rate))}; ${warmUp} emails of warm-up a side, ${pairingCount} pairings)`,
    );
    console.log(
      `inbound pipeline, all roles in one process, intake to delivery rows recorded: ${fmt(recorded)} emails/s (median of ${ROUNDS}: ${list(pipelines.map((p) => p.recordedRate))}) = ${fmt(pct(recorded))} % of the limit`,
    );
    console.log(
      `inbound pipeline, all roles in one process, intake to partner's copy written: ${fmt(pipeline)} emails/s (median of ${ROUNDS}: ${list(pipelines.map((p) => p.rate))}; at least ${accepted}/${count} accepted and ${sent} copies sent each; ${noticesSent} notices in all)`,
    );
    console.log(
      `  ratio to the bare limit: ${fmt(pct(pipeline))} % (rounds: ${pipelines.map((p, i) => fmt((100 * p.rate) / bares[i].rate)).join(', ')} %); target >= ${TARGET_PCT} %: ${pct(pipeline) >= TARGET_PCT ? 'met' : 'NOT met'}`,
    );
    // CPU per email: steadier than wall time when neighbours share the cores, and it shows where
    // the pipeline's own work goes: this process, and PostgreSQL's backends beside it (Redis is
    // not in either).
    type CpuKey = 'cpuMs' | 'mainMs' | 'earlyMs' | 'lateMs' | 'pgMs';
    const med = (xs: Record<CpuKey, number>[], key: CpuKey) => fmt(median(xs.map((x) => x[key])), 2);
    console.log(
      `  per email (medians): this process's CPU, all threads: bare ${med(bares, 'cpuMs')} ms, pipeline ${med(pipelines, 'cpuMs')} ms; ` +
        `its main thread's CPU: bare ${med(bares, 'mainMs')} ms, pipeline ${med(pipelines, 'mainMs')} ms; ` +
        `PostgreSQL's CPU (this database's backends): bare ${med(bares, 'pgMs')} ms, pipeline ${med(pipelines, 'pgMs')} ms ` +
        `(the bench's polls for the end of a round, apart: ${fmt(median(pipelines.map((p) => p.pollMs)), 2)} ms)`,
    );
    // The rest of this process's CPU, by thread. V8 goes on optimising the pipeline's rarer paths
    // for its first thousands of emails on its platform threads; that shows here, not on the main
    // thread. Offloading shows in the threads the app started.
    console.log(
      `  per email (medians), the other threads: those older than the app (V8's platform threads: ` +
        `optimising compiler, collector helpers): bare ${med(bares, 'earlyMs')} ms, pipeline ${med(pipelines, 'earlyMs')} ms; ` +
        `those the app started (the offload thread, libuv's pool): bare ${med(bares, 'lateMs')} ms, pipeline ${med(pipelines, 'lateMs')} ms`,
    );
    console.log(cpuCeilingLine(bares, pipelines, bare));
    // Both sides' statements, over the emails each side handled (bare's INSERT is one line of it).
    await statements.print(ROUNDS * count);
    return { pipeline, bare, ratio: pipeline / bare };
  } finally {
    await poller.end().catch(() => undefined);
    await world.destroy();
  }
}
