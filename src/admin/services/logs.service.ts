import { PeopleRepository } from '../people/people.repository';
import { Injectable } from '@nestjs/common';
import type { PageOf, PageRequest } from '../../database/paged-query';
import { OutboxService } from '../../outbound/outbox.service';
import { JobQueue } from '../../queues/job-queue';
import { AdminInputError, AdminNotFound } from '../admin.errors';
import {
  LogsRepository,
  type DeliveryRow,
  type InboundListRow,
  type InboundRow,
} from '../repositories/logs.repository';

/** A log page: 100 rows, the most a staff member scans by eye before searching instead. */
export const PAGE_SIZE = 100;

@Injectable()
export class LogsService {
  constructor(
    private readonly logs: LogsRepository,
    private readonly queue: JobQueue,
    private readonly outbox: OutboxService,
    private readonly people: PeopleRepository,
  ) {}

  /** The API's list (keyset paging by `before`). */
  inbound(status?: string, before?: Date): Promise<InboundListRow[]> {
    return this.logs.inbound({ status, before, limit: PAGE_SIZE });
  }

  /** The log page: one page with the status tabs' counts. */
  async inboundPage(
    status: string | undefined,
    req: PageRequest,
  ): Promise<{ rows: PageOf<InboundListRow>; counts: Record<string, number> }> {
    const [rows, counts] = await Promise.all([
      this.logs.inboundPage(status, req, PAGE_SIZE),
      this.logs.inboundCounts(),
    ]);
    return { rows, counts };
  }

  async inboundOne(id: string): Promise<InboundRow> {
    const row = await this.logs.inboundOne(id);
    if (!row) throw new AdminNotFound('inbound email');
    return row;
  }

  /**
   * The whole stored message, as its author sent it: a participant's words, so the read is kept in
   * the programme's staff audit as a thread read is (mail to no pairing belongs to no programme).
   */
  async raw(id: string, staffId: string): Promise<Buffer> {
    const found = await this.logs.inboundRaw(id);
    if (!found) throw new AdminNotFound('raw message');
    if (found.programmeId)
      await this.people.audit({
        staffId,
        programmeId: found.programmeId,
        inboundEmailId: id,
        action: 'inbound_read',
      });
    return found.raw;
  }

  /** Runs the whole pipeline again on the stored raw message (after a fix, or a false hold). */
  async reprocess(id: string): Promise<void> {
    await this.inboundOne(id);
    if (!(await this.logs.markForReprocessing(id))) {
      throw new AdminInputError(
        'Only processed emails that were not relayed (and are not duplicates) can be reprocessed; ' +
          "one held for safeguarding review, or rejected there, is decided in its programme's moderation queue.",
      );
    }
    await this.queue.reviveInbound(id);
  }

  /** Releases a held email (failed authentication, a flood limit, a loop, a muted member): relayed after all other checks pass. */
  async release(id: string, staffId: string): Promise<void> {
    await this.inboundOne(id);
    if (!(await this.logs.markReleased(id, staffId))) {
      throw new AdminInputError(
        'Only emails held for failed authentication, a flood limit, a loop or a muted member can be released; ' +
          "one held for safeguarding review is decided in its programme's moderation queue.",
      );
    }
    await this.queue.reviveInbound(id);
  }

  /** Sends a delivery that failed once more, from a fresh count of attempts. */
  async retryDelivery(id: string): Promise<void> {
    if (!(await this.outbox.retry(id))) throw new AdminInputError('Only a failed delivery can be retried.');
  }

  /** The API's list (keyset paging by `before`). */
  deliveries(status?: string, before?: Date, pairingId?: string): Promise<DeliveryRow[]> {
    return this.logs.deliveries({ status, before, pairingId, limit: PAGE_SIZE });
  }

  async deliveriesPage(
    filter: { status?: string; pairingId?: string },
    req: PageRequest,
  ): Promise<{ rows: PageOf<DeliveryRow>; counts: Record<string, number> }> {
    const [rows, counts] = await Promise.all([
      this.logs.deliveriesPage(filter, req, PAGE_SIZE),
      this.logs.deliveryCounts(),
    ]);
    return { rows, counts };
  }
}
