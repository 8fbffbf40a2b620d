import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { jitteredBackoff } from './backoff';
import { InProcessHandoff } from './in-process-handoff';
import { DELIVERY_PRIORITY, JOBS, QUEUES } from './queue-names';

/** Re-reads whether a row's work is still undone. */
type StillUndone = () => Promise<boolean>;
const always: StillUndone = () => Promise.resolve(true);

const RETRY = { attempts: 10, backoff: { type: 'jittered' } } as const;
// Inbound errors that survive five tries (about 30 s of backoff) are bugs or poison mail, not
// outages: the email is then held for staff with the error instead of retrying for an hour.
const INBOUND_RETRY = { attempts: 5, backoff: { type: 'jittered' } } as const;

/** A delivery's job: its row id as jobId, so queuing it twice is harmless. */
function deliveryJob(deliveryId: string, kind: keyof typeof DELIVERY_PRIORITY) {
  return {
    name: JOBS.sendDelivery,
    data: { deliveryId },
    opts: { jobId: `delivery:${deliveryId}`, priority: DELIVERY_PRIORITY[kind], ...RETRY },
  };
}

/**
 * The one place jobs are enqueued. Every job has a natural jobId (the row id), so enqueuing the
 * same work twice (recovery sweep, duplicate notification) is harmless. With JOB_HANDOFF=in-process
 * the work goes to this process's own workers when they take it (see InProcessHandoff), to Bull
 * otherwise.
 */
@Injectable()
export class JobQueue {
  constructor(
    @InjectQueue(QUEUES.inbound) private readonly inbound: Queue,
    @InjectQueue(QUEUES.outbound) private readonly outbound: Queue,
    private readonly handoff: InProcessHandoff,
  ) {}

  async processInbound(inboundEmailId: string): Promise<void> {
    if (this.handoff.offer('inbound', { id: inboundEmailId })) return;
    await this.inbound.add(
      JOBS.processInbound,
      { inboundEmailId },
      { jobId: `inbound:${inboundEmailId}`, ...INBOUND_RETRY },
    );
  }

  async sendDelivery(deliveryId: string, kind: keyof typeof DELIVERY_PRIORITY): Promise<void> {
    if (this.handoff.offer('outbound', { id: deliveryId, kind })) return;
    const job = deliveryJob(deliveryId, kind);
    await this.outbound.add(job.name, job.data, job.opts);
  }

  /** Several deliveries in one round trip to Redis (a batch of relayed replies). */
  async sendDeliveries(deliveries: { id: string; kind: keyof typeof DELIVERY_PRIORITY }[]): Promise<void> {
    const toBull = deliveries.filter((d) => !this.handoff.offer('outbound', d));
    if (toBull.length === 0) return;
    await this.outbound.addBulk(toBull.map((d) => deliveryJob(d.id, d.kind)));
  }

  /**
   * In-process work that failed (JOB_HANDOFF=in-process): a Bull job after the first backoff,
   * with the retries (and the inbound give-up) it would have had as a job from the start.
   */
  async retryInbound(inboundEmailId: string, failed: boolean): Promise<void> {
    const jobId = `inbound:${inboundEmailId}`;
    if (!(await this.dropStale(this.inbound, jobId, always))) return;
    const delay = failed ? jitteredBackoff(1) : 0;
    await this.inbound.add(JOBS.processInbound, { inboundEmailId }, { jobId, ...INBOUND_RETRY, delay });
  }

  async retryDelivery(deliveryId: string, kind: keyof typeof DELIVERY_PRIORITY, failed: boolean): Promise<void> {
    const job = deliveryJob(deliveryId, kind);
    if (!(await this.dropStale(this.outbound, job.opts.jobId, always))) return;
    await this.outbound.add(job.name, job.data, { ...job.opts, delay: failed ? jitteredBackoff(1) : 0 });
  }

  /**
   * Recovery: make sure unfinished work has a live job. Bull ignores an add whose jobId still
   * exists, even a finished or failed one, so a stale job is removed first. `stillUndone` re-reads
   * the row once the job is seen finished or gone: the row the caller listed as unfinished may
   * have been finished by that very job in the meantime. Returns whether a job had to be created.
   */
  async reviveInbound(inboundEmailId: string, stillUndone: StillUndone = always): Promise<boolean> {
    // Waiting or running in this process: as live as a job (see InProcessHandoff).
    if (this.handoff.holds('inbound', inboundEmailId)) return false;
    if (!(await this.dropStale(this.inbound, `inbound:${inboundEmailId}`, stillUndone))) return false;
    await this.processInbound(inboundEmailId);
    return true;
  }

  /** Whether the email's job is waiting, delayed or running (not finished, failed or lost). */
  async hasLiveInboundJob(inboundEmailId: string): Promise<boolean> {
    if (this.handoff.holds('inbound', inboundEmailId)) return true;
    const job = await this.inbound.getJob(`inbound:${inboundEmailId}`);
    const state = job ? await job.getState() : null;
    return state !== null && state !== 'completed' && state !== 'failed' && state !== 'stuck';
  }

  async reviveDelivery(
    deliveryId: string,
    kind: keyof typeof DELIVERY_PRIORITY,
    stillUndone: StillUndone = always,
  ): Promise<boolean> {
    if (this.handoff.holds('outbound', deliveryId)) return false;
    if (!(await this.dropStale(this.outbound, `delivery:${deliveryId}`, stillUndone))) return false;
    await this.sendDelivery(deliveryId, kind);
    return true;
  }

  /** False when a live job exists or the work is done; otherwise removes any finished or orphaned job. */
  private async dropStale(queue: Queue, jobId: string, stillUndone: StillUndone): Promise<boolean> {
    const job = await queue.getJob(jobId);
    const state = job ? await job.getState() : null;
    // 'stuck': the job's hash exists but it is in no list, e.g. Redis was flushed while it ran and
    // Bull wrote the attempt back into a fresh hash. Nothing will ever run it; the row's own state
    // (claim, lockIfReceived and the conditional record) keeps a re-added job from doing the work twice.
    if (state !== null && state !== 'completed' && state !== 'failed' && state !== 'stuck') return false;
    // A job writes its row before it finishes, so the row read now tells whether the work is undone.
    if (!(await stillUndone())) return false;
    if (!job) return true;
    try {
      await job.remove();
    } catch (error) {
      // Bull removes no job a worker holds (locked). Held since we looked: another process's sweep
      // revived it and a worker took it. That worker runs it; the next sweep looks again.
      if (await queue.getJob(jobId)) return false;
      throw error;
    }
    return true;
  }
}
