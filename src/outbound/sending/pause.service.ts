import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '../../config/app-config';
import { QUEUES } from '../../queues/queue-names';
import { PauseRepository } from './pause.repository';

/**
 * Stops all outbound sending for a while (SES daily quota used up, account paused). The pause is
 * a row in PostgreSQL plus Bull's global pause: the row survives restarts and a flushed Redis,
 * Bull's flag stops every worker at once. Deliveries caught by it stay `queued`; their jobs wait
 * in the paused queue (or the recovery sweep recreates them) and go out after the resume.
 */
@Injectable()
export class OutboundPauseService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboundPauseService.name);
  private timer?: NodeJS.Timeout;
  /** The end of the pause this process last applied (0: none), for the in-process hand-off. */
  private pausedUntil = 0;

  constructor(
    @InjectQueue(QUEUES.outbound) private readonly queue: Queue,
    private readonly repo: PauseRepository,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Only processes that send hold the timer; the others never touch the queue's state.
    if (this.config.hasRole('worker')) await this.check();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
  }

  /**
   * Whether this process knows of a running pause (its own, or the recorded one it applied at
   * boot or at its last check), without a round trip: the in-process hand-off does not send then.
   * Another process's pause reaches this one when its own sends are throttled too.
   */
  pausedHere(now = Date.now()): boolean {
    return now < this.pausedUntil;
  }

  /** Pauses sending for SEND_PAUSE_MS (or extends a running pause). */
  async pause(reason: string): Promise<Date> {
    const until = new Date(Date.now() + this.config.env.SEND_PAUSE_MS);
    const row = await this.repo.upsert(QUEUES.outbound, until, reason);
    this.pausedUntil = row.until.getTime();
    await this.queue.pause();
    this.logger.warn({ until: row.until.toISOString(), reason }, 'outbound sending paused');
    this.schedule(row.until);
    return row.until;
  }

  /** Applies the recorded state: pause while a pause is running, resume once it has ended. */
  async check(now = new Date()): Promise<'paused' | 'resumed' | 'running'> {
    const row = await this.repo.find(QUEUES.outbound);
    if (row && row.until > now) {
      this.pausedUntil = row.until.getTime();
      await this.queue.pause();
      this.schedule(row.until);
      return 'paused';
    }
    this.pausedUntil = 0;
    if (row && !(await this.repo.clearIfEnded(QUEUES.outbound, now))) return this.check();
    if (row || (await this.queue.isPaused())) {
      await this.queue.resume();
      this.logger.log('outbound sending resumed');
      return 'resumed';
    }
    return 'running';
  }

  private schedule(until: Date): void {
    clearTimeout(this.timer);
    const wait = Math.max(0, until.getTime() - Date.now()) + 50;
    this.timer = setTimeout(() => {
      this.check().catch((error: Error) => this.logger.warn({ err: error }, 'resume check failed'));
    }, wait);
    this.timer.unref();
  }
}
