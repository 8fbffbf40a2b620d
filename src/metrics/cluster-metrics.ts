import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { Gauge, type Registry } from 'prom-client';
import { QUEUES } from '../queues/queue-names';
import { MetricsRegistry } from './metrics-registry';
import { type ClusterFigures, MetricsRepository, type Windows } from './metrics.repository';

/** Longest the queue figures may take: Redis down must not hang the scrape. */
export const REDIS_TIMEOUT_MS = 2_000;
/** Each statement stops after 2 s (MetricsRepository); this bounds a wait for a pool connection too. */
export const DATABASE_TIMEOUT_MS = 5_000;

const WINDOWS: [keyof Windows, string][] = [
  ['m5', '5m'],
  ['h1', '1h'],
  ['d1', '24h'],
  ['d7', '7d'],
];

/** The gauges PostgreSQL feeds (the rest: Redis's, and the sources' own). */
const DATABASE_GAUGES = [
  'inbound',
  'inboundWaiting',
  'inboundAge',
  'deliveries',
  'deliveriesOpen',
  'deliveriesAge',
  'sent',
  'bounces',
  'complaints',
  'bounceRate',
  'complaintRate',
  'suppressions',
] as const;

interface QueueFigures {
  queue: string;
  counts: Record<string, number>;
  /** Seconds the job next in line has waited, or null when none waits. */
  headAgeSeconds: number | null;
}

type Gauges = ReturnType<typeof buildGauges>;

function buildGauges(registry: Registry) {
  const gauge = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Gauge<L>({ name: `mentormail_${name}`, help, labelNames, registers: [registry] });
  return {
    up: gauge('metrics_source_up', 'Whether the last scrape could read this source (1) or not (0)', [
      'source',
    ]),
    queueJobs: gauge('queue_jobs', 'Bull jobs per queue and state', ['queue', 'state']),
    queueAge: gauge(
      'queue_oldest_waiting_age_seconds',
      'Age of the job next in line per queue (Bull runs the most urgent priority first)',
      ['queue'],
    ),
    inbound: gauge('inbound_emails_24h', 'Inbound emails received in the last 24 hours by state and reason', [
      'status',
      'reason',
    ]),
    inboundWaiting: gauge('inbound_emails_waiting', 'Inbound emails not processed yet, or held for staff', [
      'status',
    ]),
    inboundAge: gauge('inbound_emails_oldest_age_seconds', 'Age of the oldest inbound email in that state', [
      'status',
    ]),
    deliveries: gauge('deliveries_24h', 'Deliveries created in the last 24 hours by kind and state', [
      'kind',
      'status',
    ]),
    deliveriesOpen: gauge(
      'deliveries_open',
      'Deliveries not finished, or waiting for staff (uncertain, failed)',
      ['status'],
    ),
    deliveriesAge: gauge('deliveries_oldest_age_seconds', 'Age of the oldest delivery in that state', [
      'status',
    ]),
    sent: gauge('deliveries_sent', 'Deliveries the transport accepted within the window', ['window']),
    bounces: gauge('bounces', 'Bounced (email, recipient) pairs within the window', ['window']),
    complaints: gauge('complaints', 'Complaints per (email, recipient) within the window', ['window']),
    bounceRate: gauge('bounce_rate', 'Bounces / deliveries sent within the window (SES reviews above 0.05)', [
      'window',
    ]),
    complaintRate: gauge(
      'complaint_rate',
      'Complaints / deliveries sent within the window (SES reviews above 0.001)',
      ['window'],
    ),
    suppressions: gauge('suppressions', 'Addresses on the suppression list (not lifted)'),
  };
}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The deployment's figures, read at scrape time from PostgreSQL (the truth) and Redis (the work
 * queued): the same numbers from whichever api process answers. Served only by api processes;
 * several of them report the same values (aggregate with max, not sum). Each source that fails
 * or times out leaves its families empty and `mentormail_metrics_source_up{source}` at 0.
 */
@Injectable()
export class ClusterMetrics {
  private readonly logger = new Logger(ClusterMetrics.name);
  private readonly gauges: Gauges;
  private readonly queues: Queue[];
  private running?: Promise<void>;

  constructor(
    metrics: MetricsRegistry,
    private readonly repo: MetricsRepository,
    @InjectQueue(QUEUES.inbound) inbound: Queue,
    @InjectQueue(QUEUES.outbound) outbound: Queue,
    @InjectQueue(QUEUES.schedule) schedule: Queue,
  ) {
    this.queues = [inbound, outbound, schedule];
    this.gauges = buildGauges(metrics.registry);
  }

  /** Reads every figure; scrapes arriving meanwhile share the reading in progress. */
  refresh(): Promise<void> {
    this.running ??= this.read().finally(() => (this.running = undefined));
    return this.running;
  }

  private async read(): Promise<void> {
    const [db, queues] = await Promise.allSettled([
      within(this.repo.read(), DATABASE_TIMEOUT_MS),
      within(Promise.all(this.queues.map((q) => this.queueFigures(q))), REDIS_TIMEOUT_MS),
    ]);
    // Set in one synchronous pass, so a scrape never renders half of an update.
    this.applyDatabase(db.status === 'fulfilled' ? db.value : null);
    this.applyQueues(queues.status === 'fulfilled' ? queues.value : null);
    for (const [source, result] of [
      ['postgres', db],
      ['redis', queues],
    ] as const) {
      this.gauges.up.set({ source }, result.status === 'fulfilled' ? 1 : 0);
      if (result.status === 'rejected')
        this.logger.warn({ source, err: result.reason as unknown }, 'metrics: could not read a source');
    }
  }

  private async queueFigures(queue: Queue): Promise<QueueFigures> {
    const [counts, next] = await Promise.all([queue.getJobCounts(), queue.getWaiting(0, 0)]);
    // getWaiting(0, 0) is the job at the head of the wait list (and of the paused one).
    const stamps = next.filter((job) => job).map((job) => job.timestamp);
    const oldest = stamps.length > 0 ? Math.min(...stamps) : null;
    return {
      queue: queue.name,
      counts: { ...counts },
      headAgeSeconds: oldest === null ? null : Math.max(0, (Date.now() - oldest) / 1000),
    };
  }

  private applyQueues(figures: QueueFigures[] | null): void {
    const { queueJobs, queueAge } = this.gauges;
    queueJobs.reset();
    queueAge.reset();
    for (const { queue, counts, headAgeSeconds } of figures ?? []) {
      for (const [state, n] of Object.entries(counts)) queueJobs.set({ queue, state }, n);
      queueAge.set({ queue }, headAgeSeconds ?? 0);
    }
  }

  private applyDatabase(figures: ClusterFigures | null): void {
    const g = this.gauges;
    for (const key of DATABASE_GAUGES) g[key].reset();
    if (!figures) return;
    for (const r of figures.inbound24h) g.inbound.set({ status: r.status, reason: r.reason }, r.n);
    for (const r of figures.inboundWaiting) {
      g.inboundWaiting.set({ status: r.status }, r.n);
      g.inboundAge.set({ status: r.status }, r.oldestSeconds);
    }
    for (const r of figures.deliveries24h) g.deliveries.set({ kind: r.kind, status: r.status }, r.n);
    for (const r of figures.deliveriesOpen) {
      g.deliveriesOpen.set({ status: r.status }, r.n);
      g.deliveriesAge.set({ status: r.status }, r.oldestSeconds);
    }
    for (const [key, window] of WINDOWS) {
      const sent = figures.sent[key];
      g.sent.set({ window }, sent);
      g.bounces.set({ window }, figures.bounces[key]);
      g.complaints.set({ window }, figures.complaints[key]);
      g.bounceRate.set({ window }, sent > 0 ? figures.bounces[key] / sent : 0);
      g.complaintRate.set({ window }, sent > 0 ? figures.complaints[key] / sent : 0);
    }
    g.suppressions.set(figures.suppressions);
  }
}
