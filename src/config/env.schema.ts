import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseClientRange } from './trusted-clients';

const roles = ['api', 'worker', 'smtp'] as const;
export type Role = (typeof roles)[number];

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean),
);

/** Express's own forms: a hop count, `true` (any proxy), or names/addresses; `false` as unset. */
function trustProxy(value: string | undefined): number | boolean | string | undefined {
  if (value === undefined || value === 'false') return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  return value === 'true' ? true : value;
}

/** `SMTP_TRUSTED_CLIENTS`: addresses and CIDR ranges; `none` alone for no trusted client at all. */
const clientRanges = csv
  .transform((entries) => (entries.length === 1 && entries[0].toLowerCase() === 'none' ? [] : entries))
  .pipe(
    z.array(
      z.string().transform((entry, ctx) => {
        const range = parseClientRange(entry);
        if (range) return range;
        ctx.issues.push({
          code: 'custom',
          message: `not an IP address or CIDR range: ${entry}`,
          input: entry,
        });
        return z.NEVER;
      }),
    ),
  );

/** `host:port` pairs, comma-separated (Sentinels, Cluster nodes); `[v6]:port` for IPv6. */
const hostPorts = csv.pipe(
  z.array(
    z.string().transform((entry, ctx) => {
      const match = /^\[?([^[\]]+?)\]?:(\d{1,5})$/.exec(entry);
      if (match && Number(match[2]) <= 65535) return { host: match[1], port: Number(match[2]) };
      ctx.issues.push({ code: 'custom', message: `not host:port: ${entry}`, input: entry });
      return z.NEVER;
    }),
  ),
);

/**
 * The one environment schema. Every default runs locally with no setting at all; keys a driver
 * needs (SES region, SMTP relay host, S3 bucket) become required only when that driver is chosen.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  ROLES: csv.pipe(z.array(z.enum(roles)).min(1)).default(['api', 'worker', 'smtp']),
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/mentormail'),
  /**
   * The hot path's statements are named (planned once per connection). `false` sends them unnamed,
   * for a pooler that cannot follow named statements across its connections (PgBouncer before
   * 1.21 in transaction mode, or without max_prepared_statements); see README "Scaling out".
   */
  DATABASE_PREPARED_STATEMENTS: z.stringbool().default(true),
  /**
   * PostgreSQL connections one process may hold (TypeORM's pool). Every process of a deployment
   * holds up to this many, plus one while it migrates at boot, so processes x (this + 1) must fit
   * the server's max_connections (100 by default) or a pooler's limit. At least 5, as headroom: a
   * transaction may hold its connection while statements beside it borrow another from the pool.
   */
  DATABASE_POOL_MAX: z.coerce.number().int().min(5).max(1000).default(20),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  /**
   * Redis behind Sentinel: the sentinels (`host:port,...`) and the master group's name; REDIS_URL
   * then gives only the password, the database and `rediss://` for TLS.
   */
  REDIS_SENTINELS: hostPorts.default([]),
  REDIS_SENTINEL_NAME: z.string().min(1).default('mymaster'),
  REDIS_SENTINEL_PASSWORD: z.string().optional(),
  /** Redis Cluster: some of its nodes (`host:port,...`); QUEUE_PREFIX must start with a {hash tag}. */
  REDIS_CLUSTER_NODES: hostPorts.default([]),
  /** Prefix for every Bull key, so several runs or environments can share one Redis. */
  QUEUE_PREFIX: z.string().min(1).default('mentormail'),
  RELAY_DOMAIN: z.string().min(3).default('relay.localhost'),
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  /**
   * Express "trust proxy": which proxies in front may set X-Forwarded-For (a hop count, `loopback`,
   * addresses or CIDRs, comma-separated). Unset: the header is ignored and the peer is the client.
   */
  TRUST_PROXY: z.string().optional().transform(trustProxy),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address HTTP binds; loopback unless asked (the container sets 0.0.0.0 to be reachable). */
  HTTP_HOST: z.union([z.ipv4(), z.ipv6(), z.hostname()]).default('127.0.0.1'),
  /**
   * How long an idle keep-alive HTTP connection stays open. Longer than a load balancer's own idle
   * timeout (an ALB's is 60 s), so the balancer always closes first: with Node's 5 s, a balancer can
   * send a request on a socket at the moment Node closes it and answer 502. Fastify's default.
   */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(72_000),
  /**
   * How long a stopping process lets HTTP requests in flight finish before cutting them (see
   * http-drain.ts). Under an orchestrator's own stop grace (Kubernetes and Docker give 30 s and 10 s).
   */
  HTTP_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  SMTP_HOST: z.string().default('127.0.0.1'),
  /**
   * SMTP clients whose mail counts as a local submission: no SPF, DKIM or DMARC, notices allowed.
   * Unset: loopback outside production, nobody in production (see trusted-clients.ts).
   */
  SMTP_TRUSTED_CLIENTS: clientRanges.optional(),
  /**
   * PEM files: the certificate (full chain) and its key, offered with STARTTLS. Both or neither;
   * checked at boot (readable, parsed, key matching) by smtp-tls.ts. Unset: no STARTTLS.
   */
  SMTP_TLS_CERT: z.string().optional(),
  SMTP_TLS_KEY: z.string().optional(),
  /** SMTP sessions open at once; one more is answered 421 and closed (the sender retries later). */
  SMTP_MAX_CLIENTS: z.coerce.number().int().positive().default(100),
  /** A client that sends nothing this long while a command is due gets 421 and is disconnected. */
  SMTP_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  /**
   * On shutdown, how long open sessions may finish before they get 421: shorter than `docker
   * stop`'s 10 s grace, so they are told rather than cut. Mail not yet answered 250 stays with the
   * sender, which retries.
   */
  SMTP_CLOSE_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  /** Largest inbound message accepted, in bytes (SES's own ceiling is 40 MB). */
  INBOUND_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  ATTACHMENTS_MAX_TOTAL_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  STORAGE_DIR: z.string().default('var/attachments'),
  S3_BUCKET: z.string().optional(),
  MAIL_TRANSPORT: z.enum(['file', 'smtp', 'ses']).default('file'),
  OUTBOX_DIR: z.string().default('var/outbox'),
  OUTBOUND_SMTP_HOST: z.string().optional(),
  OUTBOUND_SMTP_PORT: z.coerce.number().int().positive().default(587),
  OUTBOUND_SMTP_SECURE: z.stringbool().default(false),
  OUTBOUND_SMTP_USER: z.string().optional(),
  OUTBOUND_SMTP_PASSWORD: z.string().optional(),
  /**
   * DKIM for the SMTP and file transports (d=RELAY_DOMAIN): a selector and an RSA key, inline (PEM,
   * `\n` escapes allowed) or from a file; read and checked by dkim-keys.ts. The _NEXT trio is a
   * rotation's second key, signed with too. SES signs with Easy DKIM instead.
   */
  DKIM_SELECTOR: z.string().optional(),
  DKIM_PRIVATE_KEY: z.string().optional(),
  DKIM_PRIVATE_KEY_FILE: z.string().optional(),
  DKIM_SELECTOR_NEXT: z.string().optional(),
  DKIM_PRIVATE_KEY_NEXT: z.string().optional(),
  DKIM_PRIVATE_KEY_NEXT_FILE: z.string().optional(),
  /** The host RELAY_DOMAIN's MX names (this SMTP listener's public name); SES inbound: its endpoint. */
  MX_HOST: z.hostname().optional(),
  /** SPF mechanisms of the hosts that send for RELAY_DOMAIN, e.g. `ip4:203.0.113.5 include:_spf.relay.example`. */
  SPF_SENDERS: z.string().min(2).optional(),
  /** DMARC policy published for RELAY_DOMAIN, and where aggregate reports go (rua). */
  DMARC_POLICY: z.enum(['none', 'quarantine', 'reject']).default('quarantine'),
  DMARC_REPORT_ADDRESS: z.email().optional(),
  /** Optional TLS-RPT (RFC 8460): where receivers report TLS failures delivering to us. */
  TLSRPT_ADDRESS: z.email().optional(),
  /** SES Easy DKIM: the three tokens of the domain identity (`aws sesv2 get-email-identity`). */
  SES_DKIM_TOKENS: csv.default([]),
  /** SES custom MAIL FROM domain, so SPF aligns with RELAY_DOMAIN; `bounce.RELAY_DOMAIN` by default. */
  SES_MAIL_FROM_DOMAIN: z.hostname().optional(),
  /** Check the DNS records at boot and daily (the admin card). Off in tests unless asked. */
  DNS_CHECK: z.stringbool().optional(),
  DNS_CHECK_INTERVAL_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 3_600_000),
  AWS_REGION: z.string().optional(),
  SES_CONFIGURATION_SET: z.string().optional(),
  /** Emails per second the SES account allows; read with GetSendQuota when unset. */
  SES_MAX_SEND_RATE: z.coerce.number().positive().optional(),
  /** How long sending stops after SES says the daily quota is used up (or the account is paused). */
  SEND_PAUSE_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(60 * 60_000),
  SNS_TOPIC_ARNS: csv.default([]),
  /** Bucket of the SES S3 receipt action, when it differs from the one named in notifications. */
  SES_INBOUND_BUCKET: z.string().optional(),
  /** Address for notices and the sender of rejection notices; defaults to notices@RELAY_DOMAIN. */
  NOTICES_ADDRESS: z.email().optional(),
  /**
   * Secret for signed unsubscribe links. Required: there is no built-in value. Only with
   * NODE_ENV=development (and the CLI) may it be left out; see AppConfig.fromEnvironment.
   */
  APP_SECRET: z
    .string({
      error: 'required (a long random string); NODE_ENV=development keeps a random one in var/app-secret',
    })
    .min(16),
  /** A send still `sending` after this long, with no transport id, is marked uncertain. */
  SEND_LEASE_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 60_000),
  /**
   * How often a process that sends mail records that it is alive (table sender_processes). Three
   * beats missed and it counts as stopped: the sends it claimed but never handed to the transport
   * are queued again at the next recovery sweep instead of after SEND_LEASE_MS. One it handed over
   * still waits for the lease (it may have gone out). Counting a live but stalled process as
   * stopped costs nothing: its late hand-over is refused (the claim's attempts no longer match).
   */
  SENDER_HEARTBEAT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /**
   * How a process that also runs the worker role hands new work to itself. `bull`: every inbound
   * email and every delivery is a Bull job (enqueue, fetch, lock, completion: several Redis round
   * trips each). `in-process`: an email stored by this process's doors goes straight to its own
   * inbound worker, and the reply's copies (relays and notices) to its own sender, without Redis;
   * PostgreSQL stays the truth (the row is written first and the recovery sweep re-queues anything
   * unfinished), and a failure falls back to a Bull job with its retries. For a pilot running every
   * role in one process; requires the worker role. See README "Scaling out".
   */
  JOB_HANDOFF: z.enum(['bull', 'in-process']).default('bull'),
  /** How often recorded-but-unfinished work is enqueued again, in milliseconds. */
  RECOVERY_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
  /**
   * Bull's job lock: a worker renews its hold on a running job every half of this, and a stall
   * check runs as often. A worker that died mid-job hands the job back within about twice this.
   * Shorter finds dead workers sooner, but a worker whose event loop stalls longer than this
   * loses the job to another run (handlers are idempotent). Bull's own default, 30 s.
   */
  JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  /**
   * A file of compiled templates (src/rendering/template-cache.ts) the server reads at boot while
   * no template, rendering code or library version changed, instead of loading MJML and compiling
   * every template (1 to 3 s of each start). Unset, every boot compiles. Written after a full
   * strict compile only; the tests share one per run.
   */
  TEMPLATE_CACHE_FILE: z.string().min(1).optional(),
  /** Transient send failures a delivery survives; the next one makes it `failed` until staff retry it. */
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().positive().default(10),
  /** Admin login sessions end after this many hours without a request. */
  ADMIN_SESSION_HOURS: z.coerce.number().positive().default(12),
  /** ...and this many hours after the login however busy they are (checked in PostgreSQL). */
  ADMIN_SESSION_MAX_HOURS: z.coerce.number().positive().default(12),
  /** Only read by `cli admin:create`, so the password need not be typed at a prompt. */
  ADMIN_PASSWORD: z.string().min(12).optional(),
  /**
   * Worker threads that parse inbound mail, cut replies, prepare each copy's HTML and write
   * outgoing MIME off the event loop (see src/offload); 0 runs that work inline. One fewer than
   * the cores, at most 4, by default.
   */
  OFFLOAD_THREADS: z.coerce
    .number()
    .int()
    .min(0)
    .max(16)
    .default(Math.min(4, Math.max(0, availableParallelism() - 1))),
  /**
   * The longest one offload task (a parse, an extraction, a MIME build) may run on its thread
   * before the thread is stopped and replaced; the email's job then fails and retries.
   */
  OFFLOAD_TASK_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(30_000),
  /** How often the schedule tick claims due prompts and digests, in milliseconds. */
  SCHEDULE_TICK_MS: z.coerce.number().int().positive().default(60_000),
  /** A prompt or digest later than this (downtime) is skipped and rescheduled, never sent in a burst. */
  SCHEDULE_MAX_LATE_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(12 * 3_600_000),
  /** Weekly digest: ISO weekday (1 = Monday) and hour, in each participant's own time zone. */
  DIGEST_WEEKDAY: z.coerce.number().int().min(1).max(7).default(5),
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(16),
  /** How long a poll accepts votes after it went out, in days. */
  POLL_OPEN_DAYS: z.coerce.number().int().positive().default(7),
  /** Nest's level names; `silent` writes nothing (tests that read no logs). */
  LOG_LEVEL: z.enum(['silent', 'error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** `json`: one pino line per event on stdout. `pretty`: for a terminal, needs the dev dependency pino-pretty. */
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  /**
   * Who may read /metrics (and METRICS_PORT): a caller with `Authorization: Bearer <METRICS_TOKEN>`,
   * or one whose address is in METRICS_ALLOW. Unset allow-list: loopback in an explicit local mode,
   * nobody otherwise, like SMTP_TRUSTED_CLIENTS.
   */
  METRICS_TOKEN: z.string().min(16).optional(),
  METRICS_ALLOW: clientRanges.optional(),
  /**
   * A port of its own for this process's metrics (on HTTP_HOST), for processes without the api
   * role: a worker's sends and relay latency are counted where they happen. Unset: none.
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
});

/**
 * Settings a chosen driver needs. Checked on the raw input next to the schema (not in a refine,
 * which zod skips when any other field fails), so every problem is reported in one go.
 */
export function driverProblems(raw: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const need = (key: string, why: string) => {
    if (!raw[key]) problems.push(`${key}: required when ${why}`);
  };
  const transport = raw.MAIL_TRANSPORT ?? 'file';
  if (transport === 'ses') need('AWS_REGION', 'MAIL_TRANSPORT=ses');
  if (transport === 'smtp') need('OUTBOUND_SMTP_HOST', 'MAIL_TRANSPORT=smtp');
  if (raw.STORAGE_DRIVER === 's3') {
    need('S3_BUCKET', 'STORAGE_DRIVER=s3');
    need('AWS_REGION', 'STORAGE_DRIVER=s3');
  }
  return problems;
}

/** The in-process hand-off gives work to this process's own workers: it needs the worker role. */
export function handoffProblems(raw: Record<string, string | undefined>): string[] {
  if (raw.JOB_HANDOFF !== 'in-process' || raw.ROLES === undefined) return [];
  const roles = raw.ROLES.split(',').map((r) => r.trim());
  return roles.includes('worker')
    ? []
    : [`JOB_HANDOFF: in-process needs the worker role in ROLES (got "${raw.ROLES}"); use bull`];
}

/**
 * Sentinel or Cluster, not both. On a Cluster every key of a Bull queue must hash to one slot
 * (Bull's scripts touch several keys at once): a `{hash tag}` at the start of QUEUE_PREFIX does it.
 */
export function redisProblems(raw: Record<string, string | undefined>): string[] {
  if (!raw.REDIS_CLUSTER_NODES) return [];
  if (raw.REDIS_SENTINELS)
    return ['REDIS_CLUSTER_NODES: set REDIS_SENTINELS or REDIS_CLUSTER_NODES, not both'];
  const prefix = raw.QUEUE_PREFIX ?? 'mentormail';
  if (/^\{[^{}]+\}/.test(prefix)) return [];
  return [
    `QUEUE_PREFIX: must start with a {hash tag} on a Redis Cluster (REDIS_CLUSTER_NODES), e.g. {mm}; got "${prefix}"`,
  ];
}

/**
 * Links in emails use PUBLIC_URL exactly as given, so production must give https: an http link
 * would send unsubscribe tokens in clear, and mail clients offer one-click only over https
 * (RFC 8058). The schema's own default is http, so an unset PUBLIC_URL is refused here too.
 */
export function productionProblems(raw: Record<string, string | undefined>): string[] {
  if (raw.NODE_ENV !== 'production') return [];
  const url = raw.PUBLIC_URL ?? '';
  if (/^https:\/\//i.test(url)) return [];
  return [
    `PUBLIC_URL: must be an https URL when NODE_ENV=production (links in emails use it as given; got ${url ? `"${url}"` : 'nothing'})`,
  ];
}

/**
 * `LOG_FORMAT=pretty` loads pino-pretty, a dev dependency: production images (npm prune
 * --omit=dev) do not have it, so asking for it there is a configuration problem, said at boot.
 */
export function logFormatProblems(
  raw: Record<string, string | undefined>,
  resolve: (id: string) => string = require.resolve,
): string[] {
  if (raw.LOG_FORMAT !== 'pretty') return [];
  try {
    resolve('pino-pretty');
    return [];
  } catch {
    return [
      'LOG_FORMAT: pretty needs the dev dependency pino-pretty, which is not installed here (production images leave it out); use json',
    ];
  }
}

export type Env = z.infer<typeof envSchema>;
