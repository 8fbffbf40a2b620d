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

/**
 * The one environment schema. Every default runs locally with no setting at all; keys a driver
 * needs (SES region, SMTP relay host, S3 bucket) become required only when that driver is chosen.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  ROLES: csv.pipe(z.array(z.enum(roles)).min(1)).default(['api', 'worker', 'smtp']),
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/mentormail'),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
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
  SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  SMTP_HOST: z.string().default('127.0.0.1'),
  /**
   * SMTP clients whose mail counts as a local submission: no SPF, DKIM or DMARC, notices allowed.
   * Unset: loopback outside production, nobody in production (see trusted-clients.ts).
   */
  SMTP_TRUSTED_CLIENTS: clientRanges.optional(),
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
  /** How often recorded-but-unfinished work is enqueued again, in milliseconds. */
  /** A send still `sending` after this long, with no transport id, is marked uncertain. */
  SEND_LEASE_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 60_000),
  RECOVERY_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
  /** Transient send failures a delivery survives; the next one makes it `failed` until staff retry it. */
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().positive().default(10),
  /** Admin login sessions end after this many hours without a request. */
  ADMIN_SESSION_HOURS: z.coerce.number().positive().default(12),
  /** ...and this many hours after the login however busy they are (checked in PostgreSQL). */
  ADMIN_SESSION_MAX_HOURS: z.coerce.number().positive().default(12),
  /** Only read by `cli admin:create`, so the password need not be typed at a prompt. */
  ADMIN_PASSWORD: z.string().min(12).optional(),
  /**
   * Worker threads that parse inbound mail, cut replies and write outgoing MIME off the event loop
   * (see src/offload); 0 runs that work inline. One fewer than the cores, at most 4, by default.
   */
  OFFLOAD_THREADS: z.coerce
    .number()
    .int()
    .min(0)
    .max(16)
    .default(Math.min(4, Math.max(0, availableParallelism() - 1))),
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
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
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

export type Env = z.infer<typeof envSchema>;
