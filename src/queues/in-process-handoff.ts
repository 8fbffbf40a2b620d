import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { DELIVERY_PRIORITY } from './queue-names';

export type HandoffLaneName = 'inbound' | 'outbound';

/** One piece of work: a row id (an inbound email's, a delivery's) and a delivery's kind. */
export interface HandoffItem {
  id: string;
  kind?: keyof typeof DELIVERY_PRIORITY;
}

/** What a worker of this process registers to take work without Redis (JOB_HANDOFF=in-process). */
export interface HandoffWorker {
  /** At most this many items run at once; the others wait in memory, in order. */
  concurrency: number;
  /** Whether this item may run here now (otherwise it goes to Bull). */
  accepts(item: HandoffItem): boolean;
  run(item: HandoffItem): Promise<void>;
  /** After `run` failed, or for work still waiting at shutdown: hand it to Bull (retries, backoff). */
  fallback(item: HandoffItem, error: Error | null): Promise<void>;
}

/**
 * Waiting items a lane holds at most: beyond it Bull takes the work, so a burst (a recovery
 * sweep, a flood) queues in Redis, not in this process's memory.
 */
export const MAX_WAITING = 2000;

class Lane {
  private readonly waiting: HandoffItem[] = [];
  private readonly held = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  closed = false;

  constructor(
    readonly name: HandoffLaneName,
    private readonly worker: HandoffWorker,
    private readonly logger: Logger,
  ) {}

  offer(item: HandoffItem): boolean {
    if (this.closed || this.waiting.length >= MAX_WAITING || !this.worker.accepts(item)) return false;
    // Already here (a revived row): the copy running or waiting does it.
    if (this.held.has(item.id)) return true;
    this.held.add(item.id);
    this.waiting.push(item);
    this.pump();
    return true;
  }

  holds(id: string): boolean {
    return this.held.has(id);
  }

  private pump(): void {
    while (this.running.size < this.worker.concurrency && this.waiting.length > 0) {
      const item = this.waiting.shift()!;
      const done: Promise<void> = this.runOne(item).finally(() => {
        this.running.delete(done);
        this.pump();
      });
      this.running.add(done);
    }
  }

  private async runOne(item: HandoffItem): Promise<void> {
    let failure: Error | null = null;
    try {
      await this.worker.run(item);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    // Released before the fallback: Bull's job for it must not be taken for this one.
    this.held.delete(item.id);
    if (failure) await this.handOn(item, failure);
  }

  private async handOn(item: HandoffItem, error: Error | null): Promise<void> {
    try {
      await this.worker.fallback(item, error);
    } catch (e) {
      // The row is in PostgreSQL, unfinished: the recovery sweep queues it.
      this.logger.warn(
        { lane: this.name, id: item.id, err: e },
        'in-process work not handed to Bull (the recovery sweep will)',
      );
    }
  }

  /** Stops taking work, gives what waits to Bull and lets what runs finish. */
  async close(): Promise<void> {
    this.closed = true;
    const left = this.waiting.splice(0);
    for (const item of left) this.held.delete(item.id);
    await Promise.all(left.map((item) => this.handOn(item, null)));
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

/**
 * The in-process hand-off (JOB_HANDOFF=in-process): work this process created goes to its own
 * workers in memory instead of a Bull job. Only ever an optimisation: the row was committed
 * before it gets here, so a crash loses nothing (the recovery sweep re-queues whatever stayed
 * unfinished, and skips what a lane here holds); the workers' own row claims keep work from
 * being done twice; a failure goes to Bull, with its retries and backoff. Without a registered
 * worker (JOB_HANDOFF=bull, or no worker role) every offer is refused and Bull carries the work.
 */
@Injectable()
export class InProcessHandoff implements BeforeApplicationShutdown {
  private readonly logger = new Logger(InProcessHandoff.name);
  private readonly lanes = new Map<HandoffLaneName, Lane>();

  register(name: HandoffLaneName, worker: HandoffWorker): void {
    this.lanes.set(name, new Lane(name, worker, this.logger));
  }

  /** True when this process took the item; false: the caller queues it in Bull. */
  offer(name: HandoffLaneName, item: HandoffItem): boolean {
    return this.lanes.get(name)?.offer(item) ?? false;
  }

  /** Whether the item is waiting or running here (a live job, for the recovery sweep). */
  holds(name: HandoffLaneName, id: string): boolean {
    return this.lanes.get(name)?.holds(id) ?? false;
  }

  // Before the queues close (onApplicationShutdown) and the database does.
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.lanes.values()].map((lane) => lane.close()));
  }
}
