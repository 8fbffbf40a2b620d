import type { JsonObject } from '../database/json';
import { Injectable } from '@nestjs/common';
import { DataSource, LessThan, type EntityManager } from 'typeorm';
import { InboundEmail, type InboundStatus } from './entities/inbound-email.entity';

export interface ReceivedEmail {
  source: InboundEmail['source'];
  raw: Buffer;
  recipient: string;
  envelopeFrom: string | null;
  dedupeKey: string;
  auth?: Record<string, string> | null;
  transportMeta?: JsonObject | null;
}

export interface Outcome {
  status: Exclude<InboundStatus, 'received'>;
  reason: string;
  detail?: string | null;
}

@Injectable()
export class InboundRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /**
   * Stores a received email. When its dedupe key was seen before, a small `duplicate` record
   * pointing at the original is written instead (no second copy of the raw bytes).
   */
  async insertReceived(email: ReceivedEmail): Promise<{ id: string; duplicateOf: string | null }> {
    const inserted = await this.m()
      .createQueryBuilder()
      .insert()
      .into(InboundEmail)
      .values({
        source: email.source,
        raw: email.raw,
        size: email.raw.length,
        recipient: email.recipient.toLowerCase(),
        envelopeFrom: email.envelopeFrom?.toLowerCase() ?? null,
        dedupeKey: email.dedupeKey,
        auth: email.auth ?? null,
        transportMeta: email.transportMeta ?? null,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    const row = (inserted.raw as { id: string }[])[0];
    if (row) return { id: row.id, duplicateOf: null };
    const original = await this.m().findOneByOrFail(InboundEmail, { dedupeKey: email.dedupeKey });
    const dup = await this.m().save(
      InboundEmail,
      this.m().create(InboundEmail, {
        source: email.source,
        raw: null,
        size: email.raw.length,
        recipient: email.recipient.toLowerCase(),
        envelopeFrom: email.envelopeFrom?.toLowerCase() ?? null,
        dedupeKey: null,
        duplicateOf: original.id,
        status: 'ignored',
        reason: 'duplicate',
        detail: `same as ${original.id}`,
        processedAt: new Date(),
      }),
    );
    return { id: dup.id, duplicateOf: original.id };
  }

  /** Locks a received email for processing; null when it is gone or already finished. */
  lockReceived(id: string, tx: EntityManager): Promise<InboundEmail | null> {
    return tx
      .getRepository(InboundEmail)
      .createQueryBuilder('e')
      .setLock('pessimistic_write')
      .where('e.id = :id AND e.status = :s', { id, s: 'received' })
      .getOne();
  }

  async finish(id: string, outcome: Outcome, facts: Partial<InboundEmail>, tx: EntityManager): Promise<void> {
    await tx.update(
      InboundEmail,
      { id },
      {
        ...facts,
        status: outcome.status,
        reason: outcome.reason,
        detail: outcome.detail ?? null,
        processedAt: new Date(),
      },
    );
  }

  async countAttempt(id: string): Promise<void> {
    await this.m().increment(InboundEmail, { id }, 'attempts', 1);
  }

  findById(id: string): Promise<InboundEmail | null> {
    return this.m().findOneBy(InboundEmail, { id });
  }

  /** Received but unfinished, older than `olderThan`: candidates for the recovery sweep. */
  findUnfinished(olderThan: Date, limit: number): Promise<Pick<InboundEmail, 'id'>[]> {
    return this.m().find(InboundEmail, {
      select: { id: true },
      where: { status: 'received', receivedAt: LessThan(olderThan) },
      order: { receivedAt: 'ASC' },
      take: limit,
    });
  }
}
