import { Injectable } from '@nestjs/common';
import { Coalescer } from '../../database/coalescer';
import type { Outcome } from '../inbound.repository';
import { type EmailResult, InboundPipelineService } from './inbound-pipeline.service';

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
 * batch together when fewer than MAX_RUNNING are under way, and otherwise join the next one
 * (a Coalescer). Under load batches grow by themselves; a lone email is processed as soon as it comes.
 */
@Injectable()
export class InboundBatcher {
  private readonly batches: Coalescer<string, EmailResult>;

  constructor(pipeline: InboundPipelineService) {
    this.batches = new Coalescer(
      async (ids) => {
        const results = await pipeline.processBatch(ids);
        return ids.map((id) => results.get(id)!);
      },
      MAX_RUNNING,
      MAX_BATCH,
    );
  }

  /** The email's outcome; its own error only, never another email's of the same batch. */
  async process(inboundEmailId: string): Promise<Outcome | null> {
    const result = await this.batches.call(inboundEmailId);
    if ('error' in result) throw result.error;
    return result.outcome;
  }
}
