import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CLOCK, type Clock } from '../prompts/clock';
import { DeliverabilityRepository } from './deliverability.repository';
import { checkRecords, type DnsResolver } from './dns-check';
import { expectedRecords } from './dns-records';
import type { DnsCheckRun } from './entities/dns-check-run.entity';

/** The resolver the checks use: node's own, or a test's fake zone. */
export const DNS_RESOLVER = Symbol('DNS_RESOLVER');

/**
 * The providers' lines: SES reviews an account at a 5 % bounce or 0.1 % complaint rate; Gmail
 * and Yahoo ask bulk senders to stay under 0.3 % spam reports (February 2024 sender rules). Our
 * complaint count stands in for Gmail's spam rate, which only Postmaster Tools shows.
 */
export const THRESHOLDS = { sesBounce: 0.05, sesComplaint: 0.001, gmailSpam: 0.003 } as const;

export interface Rate {
  count: number;
  rate: number;
  /** The lines this rate is held against, and whether it is over each. */
  limits: { name: string; limit: number; over: boolean }[];
}

export interface DeliverabilityView {
  domain: string;
  /** Null until the first check ran (or when DNS_CHECK is off). */
  lastCheck: DnsCheckRun | null;
  checksEnabled: boolean;
  sent: number;
  bounces: Rate;
  complaints: Rate;
  suppressed: number;
}

const WINDOW_DAYS = 30;

function rate(count: number, sent: number, limits: [string, number][]): Rate {
  const r = sent > 0 ? count / sent : 0;
  return {
    count,
    rate: r,
    limits: limits.map(([name, limit]) => ({ name, limit, over: r >= limit && count > 0 })),
  };
}

/**
 * Checks the DNS records at boot and then every DNS_CHECK_INTERVAL_MS (a day), in every process
 * with the api role (the one that shows the card), and stores each result. A failed lookup is
 * stored as such: the card says so rather than showing an old answer as current.
 */
@Injectable()
export class DeliverabilityService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliverabilityService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly config: AppConfig,
    private readonly repo: DeliverabilityRepository,
    @Inject(DNS_RESOLVER) private readonly resolver: DnsResolver,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** On unless NODE_ENV=test (tests turn it on with DNS_CHECK=true and a fake resolver). */
  get checksEnabled(): boolean {
    return this.config.env.DNS_CHECK ?? this.config.env.NODE_ENV !== 'test';
  }

  onApplicationBootstrap(): void {
    if (!this.checksEnabled || !this.config.hasRole('api')) return;
    // Not awaited: a slow resolver must not hold up the start; the card shows "not checked yet".
    this.running = this.checkNow().catch((error: Error) =>
      this.logger.warn(`DNS check failed: ${error.message}`),
    );
    this.timer = setInterval(() => {
      this.running = this.checkNow().catch((error: Error) =>
        this.logger.warn(`DNS check failed: ${error.message}`),
      );
    }, this.config.env.DNS_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Resolves every expected record now and stores the verdicts. */
  async checkNow(): Promise<DnsCheckRun | null> {
    const domain = this.config.env.RELAY_DOMAIN;
    const result = await checkRecords(this.resolver, expectedRecords(this.config), this.clock.now());
    await this.repo.saveRun({
      checkedAt: result.checkedAt,
      ok: result.ok,
      domain,
      records: result.records.map((c) => ({
        id: c.record.id,
        type: c.record.type,
        name: c.record.name,
        value: c.record.value,
        optional: c.record.optional,
        status: c.status,
        detail: c.detail,
      })),
    });
    await this.repo.prune(30);
    return this.repo.latestRun(domain);
  }

  async view(): Promise<DeliverabilityView> {
    const domain = this.config.env.RELAY_DOMAIN;
    const since = new Date(this.clock.now().getTime() - WINDOW_DAYS * 86_400_000);
    const [lastCheck, counts] = await Promise.all([
      this.repo.latestRun(domain),
      this.repo.sendingCounts(since),
    ]);
    return {
      domain,
      lastCheck,
      checksEnabled: this.checksEnabled,
      sent: counts.sent,
      bounces: rate(counts.bounces, counts.sent, [['SES review', THRESHOLDS.sesBounce]]),
      complaints: rate(counts.complaints, counts.sent, [
        ['SES review', THRESHOLDS.sesComplaint],
        ['Gmail spam', THRESHOLDS.gmailSpam],
      ]),
      suppressed: counts.suppressed,
    };
  }
}
