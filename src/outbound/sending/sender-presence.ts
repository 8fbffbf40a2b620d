import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { SenderPresenceRepository } from './sender-presence.repository';

/**
 * This process, as the claims it makes name it (`deliveries.claimed_by`), and its heartbeat in
 * sender_processes. Registered by the first claim, so only a process that sends (a worker, the
 * command line) beats; the row goes when the process stops. A process killed outright leaves it
 * to go stale: SENDER_HEARTBEAT_MS times three later, the recovery sweep queues again the sends it
 * claimed but never handed over (see OutboxRepository.recoverStaleSending).
 */
@Injectable()
export class SenderPresence implements BeforeApplicationShutdown {
  readonly id = randomUUID();
  private readonly logger = new Logger(SenderPresence.name);
  private registered?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly host = hostname();

  constructor(
    private readonly repo: SenderPresenceRepository,
    private readonly config: AppConfig,
  ) {}

  /** Before a claim: this process is on record (the first call writes it and starts the beat). */
  ensure(): Promise<void> {
    this.registered ??= this.repo.register(this.id, this.host, process.pid).then(
      () => {
        // A stop that came while the row was being written: no beat to start.
        if (this.stopped) return;
        this.timer = setInterval(() => void this.beat(), this.config.env.SENDER_HEARTBEAT_MS);
        this.timer.unref();
      },
      (error: unknown) => {
        // The claim fails with it; the next claim tries again.
        this.registered = undefined;
        throw error;
      },
    );
    return this.registered;
  }

  private async beat(): Promise<void> {
    try {
      await this.repo.register(this.id, this.host, process.pid);
    } catch (error) {
      // A missed beat at worst lets another process queue again a send this one has not handed
      // over yet; this one's hand-over is then refused, so the email still goes out once.
      this.logger.warn({ err: error }, 'sender heartbeat not recorded');
    }
  }

  /** Before the database closes, and after the queues' workers finished their jobs (module destroy). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    if (!this.registered) return;
    // A claim's first write still under way: remove the row only once it is there.
    await this.registered.catch(() => undefined);
    await this.repo.remove(this.id).catch((error: Error) => {
      this.logger.warn({ err: error }, 'sender row not removed: it goes stale instead');
    });
  }
}
