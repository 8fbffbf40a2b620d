// `npm run soak`: several processes, one PostgreSQL, a Redis of its own, a worker and Redis killed
// mid-run; then every accepted email must have been relayed exactly once. See README, Scaling out.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort, sleep } from './soak/children';
import { SoakRedis } from './soak/redis';
import { sendSteadily, type SentEmail } from './soak/sender';
import { ServiceProcess } from './soak/service';
import { seedPairings } from './soak/seed';
import { SmtpSink } from './soak/sink';
import { faultPlan } from './soak/faults';
import { checkMigrations, unfinished, verify, type UncertainDelivery } from './soak/verify';
import { percentile } from './stats';

const ROOT = resolve(__dirname, '..');
const BASE = process.env.SOAK_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const EMAILS = Number(process.env.SOAK_EMAILS ?? 2000);
const PAIRINGS = Number(process.env.SOAK_PAIRINGS ?? 200);
const RATE = Number(process.env.SOAK_RATE ?? 50);
const DRAIN_TIMEOUT_MS = Number(process.env.SOAK_DRAIN_TIMEOUT_S ?? 180) * 1000;

const runId = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}${randomBytes(2).toString('hex')}`;
const database = `mentormail_soak_${runId}`;
const runDir = join(ROOT, 'var/soak', runId);
const t0 = Date.now();
const loadAverage = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(', ');
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`;
const say = (line: string) => {
  const stamped = `[${elapsed()}] ${line}`;
  console.log(stamped);
  return stamped;
};

const RELAY_DOMAIN = 'relay.soak.example';
const sink = new SmtpSink(RELAY_DOMAIN);
let redis: SoakRedis | undefined;
const services: ServiceProcess[] = [];

/**
 * The settings every process shares. Production mode (https links, no local trust by default),
 * the `smtp` transport to the soak's sink, and four timings shortened so the soak ends in
 * minutes: the recovery sweep every 5 s (default 60 s), the schedule tick every 5 s (welcomes go
 * out before the run, default 60 s), the send lease 30 s (default 5 min) and the senders'
 * heartbeat 1 s (default 10 s: the killed worker's claims are free 3 s after its last beat).
 */
function sharedEnv(sinkPort: number, redisUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    APP_SECRET: randomBytes(24).toString('hex'),
    PUBLIC_URL: 'https://soak.mentormail.example',
    RELAY_DOMAIN,
    DATABASE_URL: `${BASE}/${database}`,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: 'mmsoak',
    MAIL_TRANSPORT: 'smtp',
    OUTBOUND_SMTP_HOST: '127.0.0.1',
    OUTBOUND_SMTP_PORT: String(sinkPort),
    // The sender is this process on loopback: a trusted local submission (no SPF/DKIM lookups).
    SMTP_TRUSTED_CLIENTS: '127.0.0.1',
    STORAGE_DIR: join(runDir, 'attachments'),
    RECOVERY_INTERVAL_MS: '5000',
    SCHEDULE_TICK_MS: '5000',
    SEND_LEASE_MS: '30000',
    SENDER_HEARTBEAT_MS: '1000',
    LOG_LEVEL: 'log',
    // Production with the smtp transport refuses to start unsigned; the soak's key is its own.
    DKIM_SELECTOR: 'soak',
    DKIM_PRIVATE_KEY_FILE: dkimKeyFile(),
  };
}

function dkimKeyFile(): string {
  const file = join(runDir, 'dkim.pem');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return file;
}

async function main(): Promise<number> {
  mkdirSync(runDir, { recursive: true });
  say(`soak ${runId}: ${EMAILS} emails over ${PAIRINGS} pairings at ${RATE}/s; logs in ${runDir}`);
  say(`load average ${loadAverage()} on ${cpus().length} cores`);
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/ensure-built.js')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');

  const sinkPort = await sink.start();
  redis = new SoakRedis(await freePort(), join(runDir, 'redis.log'));
  await redis.start();
  const env = sharedEnv(sinkPort, redis.url);
  const timings = ['RECOVERY_INTERVAL_MS', 'SCHEDULE_TICK_MS', 'SEND_LEASE_MS', 'SENDER_HEARTBEAT_MS'].map(
    (k) => `${k}=${env[k]}`,
  );
  say(`settings: MAIL_TRANSPORT=smtp to the soak's sink, ${timings.join(', ')}`);
  const [httpPort, smtpPort] = [await freePort(), await freePort()];
  const roles = [
    ['smtp', { ROLES: 'smtp', SMTP_PORT: String(smtpPort) }],
    ['api', { ROLES: 'api', HTTP_PORT: String(httpPort) }],
    ['worker-1', { ROLES: 'worker' }],
    ['worker-2', { ROLES: 'worker' }],
  ] as const;
  for (const [name, own] of roles)
    services.push(new ServiceProcess(name, { ...env, ...own }, join(runDir, `${name}.log`)));

  say(`starting ${services.map((s) => s.name).join(', ')} at once on the empty database ${database}`);
  await Promise.all(services.map((s) => s.start()));
  await expectHealthy(httpPort);
  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  try {
    const migrationProblems = await checkMigrations(db);
    say(
      migrationProblems.length
        ? `migrations: ${migrationProblems.join('; ')}`
        : 'all four up; every migration recorded once',
    );

    const perPairing = Math.ceil(EMAILS / PAIRINGS);
    const pairings = await seedPairings(env, PAIRINGS, perPairing);
    say(`seeded ${pairings.length} pairings; waiting for their welcomes to go out`);
    await welcomed(db, pairings.length * 2, 120_000);

    say(`sending ${EMAILS} emails to the SMTP process`);
    const faults = faultPlan(services[3], redis, say);
    const sendStart = Date.now();
    const sent = await sendSteadily({
      host: '127.0.0.1',
      port: smtpPort,
      pairings,
      total: EMAILS,
      perSecond: RATE,
      runId,
      onProgress: faults.onProgress,
    });
    const sendEnd = Date.now();
    await faults.settled();
    const accepted = sent.filter((s) => s.acceptedAt !== null).length;
    say(
      `sent: ${accepted} of ${sent.length} accepted in ${((sendEnd - sendStart) / 1000).toFixed(1)} s; waiting for the relay to finish`,
    );
    const drained = await drain(db, DRAIN_TIMEOUT_MS);

    say('stopping every process (SIGTERM), then checking');
    await Promise.all(services.map((s) => s.stop('SIGTERM')));
    const report = await verify(db, sent, sink.copies, sink.begun);
    const violations = [
      ...migrationProblems,
      ...(drained ? [] : [`work still unfinished after ${DRAIN_TIMEOUT_MS / 1000} s`]),
      ...services.flatMap((s) => s.unexpectedExits),
      ...sink.errors.map((e) => `sink: ${e}`),
      ...(sink.unsigned ? [`${sink.unsigned} copies reached the sink without a DKIM signature`] : []),
      ...report.violations,
    ];
    printFigures(sent, sendStart, report.latencyMs, report.outsideLatencyMs, faults.timeline);
    for (const note of report.notes) console.log(`  note: ${note}`);
    if (violations.length) {
      console.log(`\nFAILED: ${violations.length} problem(s)`);
      for (const v of violations) console.log(`  ${v}`);
      return 1;
    }
    console.log(`\n${verdict(report.uncertain)}`);
    return 0;
  } finally {
    await db.end();
  }
}

function verdict(uncertain: UncertainDelivery[]): string {
  const all = 'every row in a final state, nothing sent twice, nothing lost without a trace';
  if (uncertain.length === 0) return `OK: every accepted email relayed exactly once; ${all}`;
  const arrived = uncertain.filter((u) => u.arrived).length;
  const sends = uncertain.length === 1 ? '1 send was' : `${uncertain.length} sends were`;
  return (
    `OK: ${all}. ${sends} between hand-over and the relay's answer when their worker was killed: ` +
    `\`uncertain\` for staff, never resent (${arrived} had arrived, ${uncertain.length - arrived} not); ` +
    'every other accepted email relayed exactly once'
  );
}

async function expectHealthy(port: number): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/health`);
  if (res.status !== 200) throw new Error(`api /health answered ${res.status}: ${await res.text()}`);
}

/** Waits until the schedule tick has welcomed every member and the welcomes have gone out. */
async function welcomed(db: Client, members: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await welcomes(db)) < members) {
    if (Date.now() > deadline) throw new Error(`only ${await welcomes(db)} of ${members} members welcomed`);
    await sleep(250);
  }
  if (!(await drain(db, timeoutMs))) throw new Error('the welcomes did not go out');
}

async function welcomes(db: Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM deliveries WHERE kind = 'welcome'`,
  );
  return rows[0].n;
}

/** Waits until no inbound email is `received` and no delivery `queued` or `sending`; false on timeout. */
async function drain(db: Client, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let lastSaid = 0;
  for (;;) {
    const left = await unfinished(db);
    if (left.inbound === 0 && left.deliveries === 0) return true;
    // A process that died on its own fails the run anyway; waiting longer would only hide it.
    if (Date.now() > deadline || services.some((s) => s.unexpectedExits.length)) return false;
    if (Date.now() - lastSaid > 10_000) {
      say(`  unfinished: ${left.inbound} inbound, ${left.deliveries} deliveries`);
      lastSaid = Date.now();
    }
    await sleep(250);
  }
}

function printFigures(
  sent: SentEmail[],
  sendStart: number,
  latencyMs: number[],
  outsideMs: number[],
  timeline: string[],
): void {
  const sorted = [...latencyMs].sort((a, b) => a - b);
  const outside = [...outsideMs].sort((a, b) => a - b);
  const lastCopy = Math.max(...sink.copies.map((c) => c.at));
  const accepted = sent.filter((s) => s.acceptedAt !== null).length;
  const seconds = (lastCopy - sendStart) / 1000;
  const ms = (n: number) => `${Math.round(n)} ms`;
  console.log('\n== soak figures');
  console.log(`load average at the end: ${loadAverage()} (${cpus().length} cores, shared)`);
  console.log(`processes: ${services.map((s) => s.name).join(', ')} (one PostgreSQL, the soak's own Redis)`);
  for (const line of timeline) console.log(`fault: ${line}`);
  const cpu = services.map((s) => `${s.name} ${s.cpuSeconds.toFixed(0)}`).join(', ');
  const own = process.cpuUsage();
  console.log(
    `CPU seconds: ${cpu}; the soak itself (seeding, sender, sink) ${((own.user + own.system) / 1e6).toFixed(0)}`,
  );
  console.log(`emails accepted: ${accepted} of ${sent.length}, relayed: ${latencyMs.length}`);
  console.log(
    `relay latency (inbound received -> partner copy accepted by the transport, from the database): ` +
      `p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted[sorted.length - 1] ?? NaN)}`,
  );
  console.log(
    `as seen from outside (listener's 250 -> copy at the sink): p50 ${ms(percentile(outside, 50))}, ` +
      `p99 ${ms(percentile(outside, 99))}, max ${ms(outside[outside.length - 1] ?? NaN)}`,
  );
  console.log(
    `throughput end to end: ${(latencyMs.length / seconds).toFixed(1)} emails/s ` +
      `(${latencyMs.length} relayed between the first send and the last copy at the sink, ${seconds.toFixed(1)} s)`,
  );
}

/** Every child and the soak's Redis go, and the database unless SOAK_KEEP=1. */
async function cleanUp(): Promise<void> {
  await Promise.allSettled(services.map((s) => s.stop('SIGKILL')));
  for (const s of services) s.closeLog();
  await redis?.kill();
  await sink.stop();
  if (process.env.SOAK_KEEP === '1') {
    say(`kept database ${database} (SOAK_KEEP=1)`);
    return;
  }
  const admin = new Client({ connectionString: `${BASE}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
}

let cleaning: Promise<void> | undefined;
const finish = (code: number) => {
  cleaning ??= cleanUp().catch((error: unknown) => console.error('clean-up failed:', error));
  void cleaning.then(() => process.exit(code));
};
process.on('uncaughtException', (error) => {
  console.error(error);
  finish(1);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    say(`${signal}: stopping every child`);
    finish(signal === 'SIGINT' ? 130 : 143);
  });
}
main().then(finish, (error: unknown) => {
  // Once interrupted, the children dying under a start is the clean-up itself, not news.
  if (!cleaning) console.error(error);
  finish(1);
});
