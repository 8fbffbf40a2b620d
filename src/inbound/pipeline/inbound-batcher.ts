import { Injectable } from '@nestjs/common';
import type { Outcome } from '../inbound.repository';
import { InboundPipelineService } from './inbound-pipeline.service';

interface Waiting {
  id: string;
  resolve: (outcome: Outcome | null) => void;
  reject: (error: Error) => void;
}

/** Emails in one batch at most: one statement's arrays stay small. */
export const MAX_BATCH = 16;
/**
 * Batches under way at once: while one waits on PostgreSQL the others parse. Measured on the
 * inbound bench (2 cores): 1 left the event loop idle a third of the time, 3 kept it busy.
 */
const MAX_RUNNING = 3;
/** Jobs a worker holds at once: enough to fill the running batches and the next one. */
export const WORKER_CONCURRENCY = MAX_BATCH * (MAX_RUNNING + 1);

/**
 * Groups the inbound jobs a worker runs at the same time into batches, so the statements an
 * email needs (read, cited lookup, record) and the queueing of its copies are paid once per batch.
 * Nothing waits for a batch to fill: jobs that arrive in the same turn of the event loop start a
 * batch together when fewer than MAX_RUNNING are under way, and otherwise join the next one.
 * Under load batches grow by themselves; a lone email is processed as soon as it comes.
 */
@Injectable()
export class InboundBatcher {
  private waiting: Waiting[] = [];
  private running = 0;
  private scheduled = false;

  constructor(private readonly pipeline: InboundPipelineService) {}

  process(inboundEmailId: string): Promise<Outcome | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: inboundEmailId, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < MAX_RUNNING && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.schedule();
      });
    }
  }

  private async run(batch: Waiting[]): Promise<void> {
    try {
      const results = await this.pipeline.processBatch(batch.map((w) => w.id));
      for (const w of batch) {
        const result = results.get(w.id)!;
        if ('error' in result) w.reject(result.error);
        else w.resolve(result.outcome);
      }
    } catch (error) {
      for (const w of batch) w.reject(error as Error);
    }
  }
}
