import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InboundEmail, RELEASABLE_HOLDS } from '../../inbound/entities/inbound-email.entity';

export type InboundRow = Omit<InboundEmail, 'raw' | 'transportMeta'>;

/** A list row also names people: staff read "Maria & Tom", not a relay address. */
export type InboundListRow = InboundRow & { pairingNames: string | null; fromName: string | null };

export interface DeliveryRow {
  id: string;
  createdAt: Date;
  kind: string;
  status: string;
  reason: string | null;
  toAddress: string;
  /** The recipient's name when the delivery was to a participant. */
  toName: string | null;
  attempts: number;
  sentAt: Date | null;
  pairingId: string | null;
  templateName: string | null;
}

const INBOUND_COLUMNS = `id, source, status, reason, detail, envelope_from AS "envelopeFrom", recipient, size,
  from_address AS "fromAddress", subject, message_id AS "messageId", pairing_id AS "pairingId", auth,
  duplicate_of AS "duplicateOf", attempts, received_at AS "receivedAt", processed_at AS "processedAt"`;

/** A search box's text as an ILIKE substring pattern: its own % and _ match themselves; blank, no filter. */
function likePattern(q: string | undefined): string | null {
  const text = q?.trim();
  return text ? `%${text.replace(/[\\%_]/g, '\\$&')}%` : null;
}

/** Newest first, 100 a page; `before` is the timestamp of the last row seen (keyset paging). */
@Injectable()
export class LogsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * `q` searches (case-insensitive, a substring) the subject, the sender, the recipient and the
   * names of the pairing's members: in SQL, so the keyset paging stays as it is.
   */
  inbound(filter: { status?: string; before?: Date; q?: string; limit: number }): Promise<InboundListRow[]> {
    // Per shown row only (at most `limit`): pairing_members' primary key and participants' by id.
    return this.dataSource.query(
      `SELECT ${INBOUND_COLUMNS},
              (SELECT string_agg(pt.name, ' & ' ORDER BY pm.role, pt.name) FROM pairing_members pm
                 JOIN participants pt ON pt.id = pm.participant_id
                WHERE pm.pairing_id = ie.pairing_id) AS "pairingNames",
              (SELECT pt.name FROM pairing_members pm JOIN participants pt ON pt.id = pm.participant_id
                WHERE pm.pairing_id = ie.pairing_id AND lower(pt.email) = lower(ie.from_address) LIMIT 1) AS "fromName"
         FROM inbound_emails ie
       WHERE ($1::text IS NULL OR status = $1) AND ($2::timestamptz IS NULL OR received_at < $2)
         AND ($4::text IS NULL OR ie.subject ILIKE $4 OR ie.from_address ILIKE $4 OR ie.recipient ILIKE $4
              OR EXISTS (SELECT 1 FROM pairing_members pm JOIN participants pt ON pt.id = pm.participant_id
                          WHERE pm.pairing_id = ie.pairing_id AND pt.name ILIKE $4))
       ORDER BY received_at DESC LIMIT $3`,
      [filter.status ?? null, filter.before ?? null, filter.limit, likePattern(filter.q)],
    );
  }

  async inboundOne(id: string): Promise<InboundRow | null> {
    const rows: InboundRow[] = await this.dataSource.query(
      `SELECT ${INBOUND_COLUMNS} FROM inbound_emails WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async inboundRaw(id: string): Promise<Buffer | null> {
    const rows: { raw: Buffer | null }[] = await this.dataSource.query(
      `SELECT raw FROM inbound_emails WHERE id = $1`,
      [id],
    );
    return rows[0]?.raw ?? null;
  }

  /** Back to `received`, so the pipeline takes it from the start; false when it is unprocessed or was relayed already. */
  async markForReprocessing(id: string): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE inbound_emails SET status = 'received', reason = NULL, detail = NULL, processed_at = NULL, attempts = 0
       WHERE id = $1 AND status NOT IN ('received', 'accepted') AND raw IS NOT NULL AND duplicate_of IS NULL`,
      [id],
    );
    return (result as [unknown, number])[1] > 0;
  }

  /**
   * A held email released by staff: back to `received`, marked so the check that held it lets it
   * through (every other check still runs). False unless it is held for a releasable reason.
   */
  async markReleased(id: string, staffId: string): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE inbound_emails
          SET status = 'received', reason = NULL, detail = NULL, processed_at = NULL, attempts = 0,
              transport_meta = coalesce(transport_meta, '{}'::jsonb)
                || jsonb_build_object('releasedBy', $2::text, 'releasedAt', now(),
                   'releasedHolds', coalesce(transport_meta->'releasedHolds', '[]'::jsonb) || to_jsonb(reason))
        WHERE id = $1 AND status = 'held' AND reason = ANY($3::text[])`,
      [id, staffId, RELEASABLE_HOLDS],
    );
    return (result as [unknown, number])[1] > 0;
  }

  async inboundCounts(): Promise<Record<string, number>> {
    const rows: { status: string; n: number }[] = await this.dataSource.query(
      `SELECT status, count(*)::int AS n FROM inbound_emails GROUP BY status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** `q` searches the recipient's address and name, the kind and the template, as `inbound` does. */
  deliveries(filter: {
    status?: string;
    pairingId?: string;
    before?: Date;
    q?: string;
    limit: number;
  }): Promise<DeliveryRow[]> {
    return this.dataSource.query(
      `SELECT id, created_at AS "createdAt", kind, status, reason, to_address AS "toAddress", attempts,
              sent_at AS "sentAt", pairing_id AS "pairingId", template_name AS "templateName",
              (SELECT pt.name FROM participants pt WHERE pt.id = d.recipient_id) AS "toName"
       FROM deliveries d
       WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR pairing_id = $2)
         AND ($3::timestamptz IS NULL OR created_at < $3)
         AND ($5::text IS NULL OR d.to_address ILIKE $5 OR d.kind ILIKE $5 OR d.template_name ILIKE $5
              OR EXISTS (SELECT 1 FROM participants pt WHERE pt.id = d.recipient_id AND pt.name ILIKE $5))
       ORDER BY created_at DESC LIMIT $4`,
      [
        filter.status ?? null,
        filter.pairingId ?? null,
        filter.before ?? null,
        filter.limit,
        likePattern(filter.q),
      ],
    );
  }

  async deliveryCounts(): Promise<Record<string, number>> {
    const rows: { status: string; n: number }[] = await this.dataSource.query(
      `SELECT status, count(*)::int AS n FROM deliveries GROUP BY status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
}
