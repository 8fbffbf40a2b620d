import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pagedQuery, type PageOf, type PageRequest } from '../../database/paged-query';
import {
  InboundEmail,
  MODERATED_REASONS,
  RELEASABLE_HOLDS,
} from '../../inbound/entities/inbound-email.entity';

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

/** The pair's member names, per shown row only (pairing_members' primary key, participants' by id). */
const PAIRING_NAMES = `(SELECT string_agg(pt.name, ' & ' ORDER BY pm.role, pt.name) FROM pairing_members pm
  JOIN participants pt ON pt.id = pm.participant_id WHERE pm.pairing_id = ie.pairing_id)`;
const FROM_NAME = `(SELECT pt.name FROM pairing_members pm JOIN participants pt ON pt.id = pm.participant_id
  WHERE pm.pairing_id = ie.pairing_id AND lower(pt.email) = lower(ie.from_address) LIMIT 1)`;
const TO_NAME = '(SELECT pt.name FROM participants pt WHERE pt.id = d.recipient_id)';
const DELIVERY_COLUMNS = `d.id, d.created_at AS "createdAt", d.kind, d.status, d.reason, d.to_address AS "toAddress",
  d.attempts, d.sent_at AS "sentAt", d.pairing_id AS "pairingId", d.template_name AS "templateName",
  ${TO_NAME} AS "toName"`;

/** The logs' sort keys (their columns' keys on the page) and what each sorts by. */
export const INBOUND_SORTS = {
  received: 'ie.received_at',
  state: 'ie.status',
  reason: 'ie.reason',
  from: `coalesce(${FROM_NAME}, ie.from_address)`,
  subject: 'ie.subject',
} as const;
export const DELIVERY_SORTS = {
  created: 'd.created_at',
  kind: 'd.kind',
  state: 'd.status',
  reason: 'd.reason',
  to: `coalesce(${TO_NAME}, d.to_address)`,
  attempts: 'd.attempts',
  sent: 'd.sent_at',
  template: 'd.template_name',
} as const;

/** Newest first unless sorted; filtered by a status tab, searched, sorted and paged in SQL. */
@Injectable()
export class LogsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The API's list: newest first, 100 a page; `before` is the time of the last row seen (keyset paging). */
  inbound(filter: { status?: string; before?: Date; limit: number }): Promise<InboundListRow[]> {
    return this.dataSource.query(
      `SELECT ${INBOUND_COLUMNS}, ${PAIRING_NAMES} AS "pairingNames", ${FROM_NAME} AS "fromName"
         FROM inbound_emails ie
        WHERE ($1::text IS NULL OR status = $1) AND ($2::timestamptz IS NULL OR received_at < $2)
        ORDER BY received_at DESC LIMIT $3`,
      [filter.status ?? null, filter.before ?? null, filter.limit],
    );
  }

  /** The log page: the search looks (case-insensitive, a substring) in the subject, the sender, the recipient and the pair's names. */
  inboundPage(
    status: string | undefined,
    req: PageRequest,
    pageSize: number,
  ): Promise<PageOf<InboundListRow>> {
    return pagedQuery(
      this.dataSource,
      {
        select: `${INBOUND_COLUMNS}, ${PAIRING_NAMES} AS "pairingNames", ${FROM_NAME} AS "fromName"`,
        from: 'inbound_emails ie',
        where: '($1::text IS NULL OR ie.status = $1)',
        params: [status ?? null],
        search: ['ie.subject', 'ie.from_address', 'ie.recipient', PAIRING_NAMES],
        sorts: INBOUND_SORTS,
        order: 'ie.received_at DESC, ie.id DESC',
      },
      req,
      pageSize,
    );
  }

  async inboundOne(id: string): Promise<InboundRow | null> {
    const rows: InboundRow[] = await this.dataSource.query(
      `SELECT ${INBOUND_COLUMNS} FROM inbound_emails WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The stored message and the programme of its pairing (null for mail to no pairing). */
  async inboundRaw(id: string): Promise<{ raw: Buffer; programmeId: string | null } | null> {
    const rows: { raw: Buffer | null; programmeId: string | null }[] = await this.dataSource.query(
      `SELECT e.raw, p.programme_id AS "programmeId"
         FROM inbound_emails e LEFT JOIN pairings p ON p.id = e.pairing_id WHERE e.id = $1`,
      [id],
    );
    const row = rows[0];
    return row?.raw ? { raw: row.raw, programmeId: row.programmeId } : null;
  }

  /**
   * Back to `received`, so the pipeline takes it from the start; false when it is unprocessed, was
   * relayed already, or waits for or had a moderation decision (MODERATED_REASONS).
   */
  async markForReprocessing(id: string): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE inbound_emails SET status = 'received', reason = NULL, detail = NULL, processed_at = NULL, attempts = 0
       WHERE id = $1 AND status NOT IN ('received', 'accepted') AND raw IS NOT NULL AND duplicate_of IS NULL
         AND (reason IS NULL OR reason <> ALL($2::text[]))`,
      [id, MODERATED_REASONS],
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

  /** The API's list, as `inbound`'s. */
  deliveries(filter: {
    status?: string;
    pairingId?: string;
    before?: Date;
    limit: number;
  }): Promise<DeliveryRow[]> {
    return this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries d
        WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR pairing_id = $2)
          AND ($3::timestamptz IS NULL OR created_at < $3)
        ORDER BY created_at DESC LIMIT $4`,
      [filter.status ?? null, filter.pairingId ?? null, filter.before ?? null, filter.limit],
    );
  }

  /** The log page: the search looks in the recipient's address and name, the kind and the template. */
  deliveriesPage(
    filter: { status?: string; pairingId?: string },
    req: PageRequest,
    pageSize: number,
  ): Promise<PageOf<DeliveryRow>> {
    return pagedQuery(
      this.dataSource,
      {
        select: DELIVERY_COLUMNS,
        from: 'deliveries d',
        where: '($1::text IS NULL OR d.status = $1) AND ($2::uuid IS NULL OR d.pairing_id = $2)',
        params: [filter.status ?? null, filter.pairingId ?? null],
        search: ['d.to_address', 'd.kind', 'd.template_name', TO_NAME],
        sorts: DELIVERY_SORTS,
        order: 'd.created_at DESC, d.id DESC',
      },
      req,
      pageSize,
    );
  }

  async deliveryCounts(): Promise<Record<string, number>> {
    const rows: { status: string; n: number }[] = await this.dataSource.query(
      `SELECT status, count(*)::int AS n FROM deliveries GROUP BY status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
}
