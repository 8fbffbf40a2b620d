import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DatabaseToolkit } from '../database/database-toolkit';
import { keyedStatusIs } from '../database/keyed-status';
import { Delivery, type DeliveryStatus } from './entities/delivery.entity';
import { Coalescer } from '../database/coalescer';
import { sweepPage, sweepStart, type SweepCursor, type SweepSource } from '../database/sweep-cursor';
import { SenderPresence } from './sending/sender-presence';

export interface SentValues {
  transport: string;
  transportId: string;
  providerMessageId?: string;
  templateName?: string;
  templateHash?: string;
}

/** A delivery just claimed for sending, with what decides whether it may go out at all. */
export interface ClaimedDelivery {
  delivery: Delivery;
  addressSuppressed: boolean;
  /** The recipient stopped prompts and digests (#stop, unsubscribe, a complaint). */
  promptsStopped: boolean;
  /** The inbound email a relayed copy carries: its id (for the logs) and when it was received (latency). */
  inbound: { id: string; receivedAt: Date } | null;
}

/** A claimed delivery: its id and the attempt its claim counted, which the claim's later writes match. */
type Claim = Pick<Delivery, 'id' | 'attempts'>;
type HandOverStep = Claim;
type SentStep = SentValues & { id: string; sentAt: Date };
/** What a send records after its claim (see `steps`). */
type SendStep = HandOverStep | SentStep;

function inboundOf(value: unknown): ClaimedDelivery['inbound'] {
  const inbound = value as { id: string; receivedAt: string } | null;
  return inbound ? { id: inbound.id, receivedAt: new Date(inbound.receivedAt) } : null;
}

const QUEUED: SweepSource = {
  table: 'deliveries',
  columns: 'kind',
  where: "status = 'queued' AND updated_at < $1",
  time: 'created_at',
};

@Injectable()
export class OutboxRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: DatabaseToolkit,
    private readonly presence: SenderPresence,
  ) {}

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
    return (result.raw as Record<string, unknown>[]).map((r) => this.db.toEntity(Delivery, r));
  }

  findById(id: string, tx?: EntityManager): Promise<Delivery | null> {
    return this.m(tx).findOneBy(Delivery, { id });
  }

  /**
   * Claims a queued delivery for sending. Only one worker can win, and the claim is committed
   * before the transport is called, so a crash mid-send leaves a visible `sending` row. The checks
   * every send needs (suppressed address; prompts stopped, for prompts and digests) ride along in
   * the same statement, and concurrent claims share one (see Coalescer): the hottest path we have.
   */
  claim(id: string): Promise<ClaimedDelivery | null> {
    return this.claims.call(id);
  }

  async markSent(id: string, values: SentValues): Promise<void> {
    await this.steps.call({ id, sentAt: new Date(), ...values });
  }

  /**
   * Records that this claim (the row's `attempts` since it was claimed) hands the email to the
   * transport now. False when the claim is no longer this worker's (the sweep queued the row
   * again after the lease, maybe for another worker): it must not send.
   */
  handOver(delivery: Pick<Delivery, 'id' | 'attempts'>): Promise<boolean> {
    return this.steps.call({ id: delivery.id, attempts: delivery.attempts });
  }

  private readonly claims = new Coalescer<string, ClaimedDelivery | null>(async (ids) => {
    await this.presence.ensure();
    const { rows } = await this.db.pool().query<Record<string, unknown>>({
      name: 'outbox-claim-v6',
      text: `UPDATE deliveries d
                SET status = 'sending', sending_started_at = now(), handed_at = NULL,
                    attempts = d.attempts + 1, claimed_by = $2, updated_at = now()
              WHERE d.id = ANY($1::uuid[]) AND ${keyedStatusIs('d', 'queued')}
          RETURNING d.*,
                    EXISTS (SELECT 1 FROM suppressions s
                             WHERE s.address = lower(d.to_address) AND s.lifted_at IS NULL) AS mm_suppressed,
                    -- A command's confirmation (kind prompt) still goes out: #stop must hear it stopped.
                    (d.kind IN ('prompt', 'digest') AND d.payload->>'type' IS DISTINCT FROM 'command' AND EXISTS (
                       SELECT 1 FROM participants p
                        WHERE p.id = d.recipient_id AND p.prompts_stopped_at IS NOT NULL)) AS mm_prompts_stopped,
                    -- A relayed copy's inbound email, by primary keys: its id and receipt time.
                    (SELECT jsonb_build_object('id', ie.id, 'receivedAt', ie.received_at)
                       FROM messages m JOIN inbound_emails ie ON ie.id = m.inbound_email_id
                      WHERE d.kind = 'relay' AND m.id = d.source_message_id) AS mm_inbound`,
      values: [ids, this.presence.id],
    });
    const byId = new Map(rows.map((r) => [r.id as string, r]));
    return ids.map((id) => {
      const row = byId.get(id);
      // The same id twice in one batch: the first caller won the claim, the second gets nothing.
      byId.delete(id);
      if (!row) return null;
      return {
        delivery: this.deliveryFromRow(row),
        addressSuppressed: row.mm_suppressed === true,
        promptsStopped: row.mm_prompts_stopped === true,
        inbound: inboundOf(row.mm_inbound),
      };
    });
  });

  /**
   * A hand-over and a sent mark are the two writes of every send after its claim; concurrent sends
   * are at either step, so both kinds share one statement (two updates of different rows): one
   * round trip and one commit where there were two. A delivery is never at both steps at once (its
   * sent mark waits for its hand-over), and a batch that had one anyway runs as two statements.
   */
  private readonly steps = new Coalescer<SendStep, boolean>(async (steps) => {
    const handOvers = steps.filter((s) => 'attempts' in s);
    const sent = steps.filter((s): s is SentStep => 'sentAt' in s);
    const handOverIds = new Set(handOvers.map((h) => h.id));
    const handed = sent.some((s) => handOverIds.has(s.id))
      ? new Set([...(await this.writeSteps(handOvers, [])), ...(await this.writeSteps([], sent))])
      : await this.writeSteps(handOvers, sent);
    // A sent mark's answer is unused (it never refuses: see markSent); a hand-over's is whether it held.
    return steps.map((s) => handed.has(s.id));
  });

  private async writeSteps(handOvers: HandOverStep[], sent: SentStep[]): Promise<Set<string>> {
    const { rows } = await this.db.pool().query<{ id: string }>({
      name: 'outbox-send-steps-v2',
      text: `WITH handed AS (
               UPDATE deliveries d SET handed_at = now()
                 FROM unnest($1::uuid[], $2::int[]) AS v(id, attempts)
                WHERE d.id = v.id AND ${keyedStatusIs('d', 'sending')} AND d.attempts = v.attempts AND d.handed_at IS NULL
               RETURNING d.id),
             marked AS (
               UPDATE deliveries d
                  SET status = 'sent', sent_at = v.sent_at, reason = NULL, transport = v.transport,
                      transport_id = v.transport_id, provider_message_id = v.provider_message_id,
                      template_name = v.template_name, template_hash = v.template_hash, updated_at = now()
                 FROM unnest($3::uuid[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
                      AS v(id, sent_at, transport, transport_id, provider_message_id, template_name, template_hash)
                WHERE d.id = v.id AND ${keyedStatusIs('d', 'sending')})
             SELECT id FROM handed`,
      values: [
        handOvers.map((h) => h.id),
        handOvers.map((h) => h.attempts),
        sent.map((r) => r.id),
        sent.map((r) => r.sentAt),
        sent.map((r) => r.transport),
        sent.map((r) => r.transportId),
        sent.map((r) => r.providerMessageId ?? null),
        sent.map((r) => r.templateName ?? null),
        sent.map((r) => r.templateHash ?? null),
      ],
    });
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Back to queued after a transient failure: nothing left the building. Only while the row is
   * still this claim's (its `attempts`, as for the hand-over): a worker that resumes after the
   * sweep took its row back must not undo the next claim's send. False when it no longer was.
   */
  async release(claim: Claim, reason: string, refundAttempt = false): Promise<boolean> {
    const { rowCount } = await this.db.pool().query({
      name: 'outbox-release-v2',
      text: `UPDATE deliveries d
                SET status = 'queued', reason = $2, updated_at = now(),
                    attempts = CASE WHEN $3::bool THEN GREATEST(d.attempts - 1, 0) ELSE d.attempts END
              WHERE d.id = $1 AND ${keyedStatusIs('d', 'sending')} AND d.attempts = $4`,
      values: [claim.id, reason, refundAttempt, claim.attempts],
    });
    return rowCount === 1;
  }

  /** Staff retry: a `failed` delivery is queued again with its attempts from zero. Null if not failed. */
  async requeueFailed(id: string): Promise<Pick<Delivery, 'id' | 'kind'> | null> {
    const rows = (await this.m().query(
      `UPDATE deliveries SET status = 'queued', attempts = 0, reason = NULL, updated_at = now()
        WHERE id = $1 AND status = 'failed' RETURNING id, kind`,
      [id],
    )) as [Pick<Delivery, 'id' | 'kind'>[], number];
    return rows[0][0] ?? null;
  }

  /** A claim's end without a send (suppressed, skipped, failed, uncertain); as `release`, only while it is this claim's. */
  async finish(claim: Claim, status: DeliveryStatus, reason: string | null): Promise<boolean> {
    const { rowCount } = await this.db.pool().query({
      name: 'outbox-finish',
      text: `UPDATE deliveries d SET status = $2, reason = $3, updated_at = now()
              WHERE d.id = $1 AND ${keyedStatusIs('d', 'sending')} AND d.attempts = $4`,
      values: [claim.id, status, reason, claim.attempts],
    });
    return rowCount === 1;
  }

  /**
   * Rows left in `sending` longer than the lease with no transport id. Those never handed to the
   * transport sent nothing (their worker died while building them): queued again. For the others
   * whether the provider got them is unknown, so they become `uncertain`, never resent automatically.
   */
  async recoverStaleSending(
    leaseMs: number,
    heartbeatMs: number,
  ): Promise<{ requeued: number; uncertain: number }> {
    // A claim whose process stopped beating (three beats missed, by PostgreSQL's clock) and that
    // was never handed over is queued again without waiting for the lease. Should the process be
    // alive after all, its hand-over is refused: this UPDATE changed the status the hand-over
    // needs, and a new claim the attempts it compares.
    const [, orphaned] = (await this.m().query(
      `UPDATE deliveries d
          SET status = 'queued', reason = 'its worker stopped before handing it to the transport',
              updated_at = now()
        WHERE d.status = 'sending' AND d.transport_id IS NULL AND d.handed_at IS NULL
          AND d.claimed_by IS NOT NULL
          AND d.sending_started_at < now() - $1 * interval '1 millisecond'
          AND NOT EXISTS (SELECT 1 FROM sender_processes p
                           WHERE p.id = d.claimed_by AND p.seen_at >= now() - $1 * interval '1 millisecond')`,
      [3 * heartbeatMs],
    )) as [unknown, number];
    const staleSince = new Date(Date.now() - leaseMs);
    const stale = 'status = :s AND transport_id IS NULL AND sending_started_at < :t';
    const requeued = await this.m()
      .createQueryBuilder()
      .update(Delivery)
      .set({ status: 'queued', reason: 'worker stopped before handing it to the transport' })
      .where(`${stale} AND handed_at IS NULL`, { s: 'sending', t: staleSince })
      .execute();
    const uncertain = await this.m()
      .createQueryBuilder()
      .update(Delivery)
      .set({ status: 'uncertain', reason: 'worker stopped while sending' })
      .where(`${stale} AND handed_at IS NOT NULL`, { s: 'sending', t: staleSince })
      .execute();
    return { requeued: orphaned + (requeued.affected ?? 0), uncertain: uncertain.affected ?? 0 };
  }

  /** Now, by PostgreSQL's clock: what a recovery pass reads is older than this (see sweepStart). */
  sweepStart(): Promise<string> {
    return sweepStart(this.m());
  }

  /** Whether the delivery still waits to be sent (the recovery sweep re-reads it before re-queuing). */
  async isQueued(id: string): Promise<boolean> {
    const { rowCount } = await this.db.pool().query({
      name: 'outbox-is-queued',
      text: `SELECT 1 FROM deliveries d WHERE d.id = $1 AND ${keyedStatusIs('d', 'queued')}`,
      values: [id],
    });
    return rowCount === 1;
  }

  /** One page of queued deliveries, oldest first, after the page ending at `after` (see findUnfinished). */
  findQueued(
    olderThan: string,
    limit: number,
    after?: SweepCursor,
  ): Promise<{ id: string; kind: Delivery['kind']; cursor: SweepCursor }[]> {
    return sweepPage(this.m(), QUEUED, olderThan, limit, after);
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

  private deliveryFromRow(r: Record<string, unknown>): Delivery {
    return this.db.toEntity(Delivery, r);
  }
}
