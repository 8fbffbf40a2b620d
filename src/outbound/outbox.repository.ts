import { Injectable } from '@nestjs/common';
import { DataSource, LessThan, type EntityManager } from 'typeorm';
import { Delivery, type DeliveryStatus } from './entities/delivery.entity';

@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** Inserts deliveries; a row whose dedupe key exists already is left as it is. Returns the new ones. */
  async insertMany(rows: Partial<Delivery>[], tx?: EntityManager): Promise<Delivery[]> {
    if (rows.length === 0) return [];
    const result = await this.m(tx)
      .createQueryBuilder()
      .insert()
      .into(Delivery)
      .values(rows)
      .orIgnore()
      .returning('*')
      .execute();
    return (result.raw as Record<string, unknown>[]).map((r) => this.m(tx).create(Delivery, this.fromRaw(r)));
  }

  findById(id: string, tx?: EntityManager): Promise<Delivery | null> {
    return this.m(tx).findOneBy(Delivery, { id });
  }

  /**
   * Claims a queued delivery for sending. Only one worker can win, and the claim is committed
   * before the transport is called, so a crash mid-send leaves a visible `sending` row.
   */
  async claim(id: string): Promise<Delivery | null> {
    const result = await this.m()
      .createQueryBuilder()
      .update(Delivery)
      .set({ status: 'sending', sendingStartedAt: () => 'now()', attempts: () => 'attempts + 1' })
      .where('id = :id AND status = :queued', { id, queued: 'queued' })
      .returning('*')
      .execute();
    const row = (result.raw as Record<string, unknown>[])[0];
    return row ? this.m().create(Delivery, this.fromRaw(row)) : null;
  }

  async markSent(
    id: string,
    values: {
      transport: string;
      transportId: string;
      providerMessageId?: string;
      templateName?: string;
      templateHash?: string;
    },
  ): Promise<void> {
    await this.m().update(
      Delivery,
      { id, status: 'sending' },
      {
        status: 'sent',
        sentAt: new Date(),
        reason: null,
        transport: values.transport,
        transportId: values.transportId,
        providerMessageId: values.providerMessageId ?? null,
        templateName: values.templateName ?? null,
        templateHash: values.templateHash ?? null,
      },
    );
  }

  /** Back to queued after a transient failure: nothing left the building. */
  async release(id: string, reason: string): Promise<void> {
    await this.m().update(Delivery, { id, status: 'sending' }, { status: 'queued', reason });
  }

  async finish(id: string, status: DeliveryStatus, reason: string | null, tx?: EntityManager): Promise<void> {
    await this.m(tx).update(Delivery, { id }, { status, reason });
  }

  /**
   * Rows left in `sending` longer than the lease with no transport id: whether the provider got
   * them is unknown, so they become `uncertain` and are never resent automatically.
   */
  async markStaleSendingUncertain(leaseMs: number): Promise<number> {
    const result = await this.m()
      .createQueryBuilder()
      .update(Delivery)
      .set({ status: 'uncertain', reason: 'worker stopped while sending' })
      .where('status = :s AND transport_id IS NULL AND sending_started_at < :t', {
        s: 'sending',
        t: new Date(Date.now() - leaseMs),
      })
      .execute();
    return result.affected ?? 0;
  }

  findQueued(olderThan: Date, limit: number): Promise<Delivery[]> {
    return this.m().find(Delivery, {
      where: { status: 'queued', updatedAt: LessThan(olderThan) },
      order: { createdAt: 'ASC' },
      take: limit,
    });
  }

  /** The raw bytes of an inbound email (read-only; the inbound feature owns the table). */
  async inboundRaw(inboundEmailId: string, tx?: EntityManager): Promise<Buffer | null> {
    const rows = (await this.m(tx).query('SELECT raw FROM inbound_emails WHERE id = $1', [
      inboundEmailId,
    ])) as {
      raw: Buffer | null;
    }[];
    return rows[0]?.raw ?? null;
  }

  /** Whether the recipient stopped prompts and digests (#stop, unsubscribe, a complaint). */
  async promptsStopped(participantId: string): Promise<boolean> {
    const rows = (await this.m().query(
      'SELECT 1 FROM participants WHERE id = $1 AND prompts_stopped_at IS NOT NULL',
      [participantId],
    )) as unknown[];
    return rows.length > 0;
  }

  /**
   * SES replaces our Message-ID with its own; a reply cites that one in In-Reply-To. Mapping it to
   * the relayed message (for no participant in particular, so it never shows up in the References
   * we build) lets such a reply thread even when the client drops our id from References.
   */
  async linkProviderMessageId(sourceMessageId: string, providerMessageId: string): Promise<void> {
    await this.m().query(
      `INSERT INTO message_id_links (message_id, message_row_id, thread_id, pairing_id, participant_id, direction)
       SELECT $1, m.id, m.thread_id, m.pairing_id, NULL, 'outbound' FROM messages m WHERE m.id = $2
       ON CONFLICT DO NOTHING`,
      [providerMessageId, sourceMessageId],
    );
  }

  private fromRaw(r: Record<string, unknown>): Partial<Delivery> {
    const meta = this.m().connection.getMetadata(Delivery);
    const out: Record<string, unknown> = {};
    for (const column of meta.columns) {
      if (column.databaseName in r) out[column.propertyName] = r[column.databaseName];
    }
    return out as Partial<Delivery>;
  }
}
