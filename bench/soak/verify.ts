import type { Client } from 'pg';
import { MIGRATIONS } from '../../migrations';
import type { SentEmail } from './sender';
import type { SinkCopy } from './sink';

/** A delivery the kill left `uncertain` after it reached the transport: for staff, never resent. */
export interface UncertainDelivery {
  kind: string;
  id: string;
  /** Whether its one copy had arrived at the sink. */
  arrived: boolean;
}

/** What the soak found wrong (empty: nothing) and the figures it prints. */
export interface SoakReport {
  violations: string[];
  notes: string[];
  uncertain: UncertainDelivery[];
  /** Inbound received to the partner's copy accepted by the transport, from the database. */
  latencyMs: number[];
  /** The listener's 250 to the partner's copy at the sink, as the outside saw it. */
  outsideLatencyMs: number[];
}

const bare = (id: string) => id.replace(/^<|>$/g, '');
// Lists are cut so a broken run still prints readably.
const some = (items: string[]) =>
  items.length > 10 ? [...items.slice(0, 10), `... ${items.length - 10} more`] : items;
const listed = (title: string, items: string[]) =>
  items.length ? [`${items.length} ${title}:`, ...some(items.map((i) => `  ${i}`))] : [];

function groupBy<T, K>(items: T[], keys: (item: T) => K[]): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) for (const key of keys(item)) groups.set(key, [...(groups.get(key) ?? []), item]);
  return groups;
}

/** Each migration recorded once, every migration present: the four processes migrated once. */
export async function checkMigrations(db: Client): Promise<string[]> {
  const { rows } = await db.query<{ name: string; runs: number }>(
    'SELECT name, count(*)::int AS runs FROM migrations GROUP BY name',
  );
  const runs = new Map(rows.map((r) => [r.name, r.runs]));
  return MIGRATIONS.flatMap((m) => {
    const n = runs.get(m.name) ?? 0;
    return n === 1 ? [] : [`migration ${m.name} recorded ${n} times`];
  });
}

/** Inbound emails still `received` and deliveries still `queued` or `sending`. */
export async function unfinished(db: Client): Promise<{ inbound: number; deliveries: number }> {
  const { rows } = await db.query<{ inbound: number; deliveries: number }>(
    `SELECT (SELECT count(*)::int FROM inbound_emails WHERE status = 'received') AS inbound,
            (SELECT count(*)::int FROM deliveries WHERE status IN ('queued', 'sending')) AS deliveries`,
  );
  return rows[0];
}

interface InboundRow {
  id: string;
  message_id: string | null;
  status: string;
  reason: string | null;
  detail: string | null;
  received_at: Date;
  attempts: number;
}

interface RelayRow {
  inbound_id: string;
  delivery_id: string;
  status: string;
  to_address: string;
  message_id: string;
  sent_at: Date | null;
}

interface DeliveryRow {
  id: string;
  kind: string;
  status: string;
  message_id: string;
}

/**
 * The soak's verdict, read once every process has stopped, so nothing moves underneath. Every
 * email the listener accepted is one inbound row, accepted, with one delivery to the partner
 * whose copy reached the sink (the outside world) exactly once; every delivery of any kind is
 * final, a `sent` one arrived once, and nothing arrived that no delivery names. The one
 * exception the product allows: a send its worker was killed in, after the hand-over, is
 * `uncertain` for staff (resending it could double it); it must have reached the transport and
 * arrived at most once, and is reported.
 */
export async function verify(
  db: Client,
  sent: SentEmail[],
  copies: SinkCopy[],
  begun: Set<string>,
): Promise<SoakReport> {
  const notes: string[] = [];
  const accepted = sent.filter((s) => s.acceptedAt !== null);
  const refused = sent
    .filter((s) => s.acceptedAt === null)
    .map((s) => `#${s.index} after ${s.attempts} attempts: ${s.error}`);
  const retried = accepted.filter((s) => s.attempts > 1).length;
  if (retried) notes.push(`${retried} emails were accepted only after a retry (4xx or dropped connection)`);

  const inbound = (
    await db.query<InboundRow>(
      `SELECT id, message_id, status, reason, detail, received_at, attempts
         FROM inbound_emails WHERE duplicate_of IS NULL`,
    )
  ).rows;
  const relays = (
    await db.query<RelayRow>(
      `SELECT m.inbound_email_id AS inbound_id, d.id AS delivery_id, d.status, d.to_address, d.message_id, d.sent_at
         FROM deliveries d JOIN messages m ON m.id = d.source_message_id
        WHERE d.kind = 'relay' AND m.inbound_email_id IS NOT NULL`,
    )
  ).rows;
  const inboundByMessageId = groupBy(inbound, (r) => [r.message_id ? bare(r.message_id) : `(none) ${r.id}`]);
  const relaysOf = groupBy(relays, (r) => [r.inbound_id]);
  const copiesById = groupBy(copies, (c) => [c.messageId ?? '(no Message-ID)']);
  const copiesByToken = groupBy(copies, (c) => c.tokens);

  const notRelayedOnce: string[] = [];
  const latencyMs: number[] = [];
  const outsideLatencyMs: number[] = [];
  for (const email of accepted) {
    const wrong = (what: string) => notRelayedOnce.push(`#${email.index}: ${what}`);
    const rows = inboundByMessageId.get(email.messageId) ?? [];
    if (rows.length !== 1) {
      wrong(`${rows.length} inbound rows`);
      continue;
    }
    const [row] = rows;
    if (row.status !== 'accepted') {
      wrong(`inbound ${row.id} ended ${row.status}/${row.reason} (${row.detail ?? ''})`);
      continue;
    }
    const out = relaysOf.get(row.id) ?? [];
    if (out.length !== 1 || out[0].to_address !== email.partner) {
      wrong(`${out.length} relay deliveries (${out.map((o) => o.to_address).join(', ')})`);
      continue;
    }
    const [relay] = out;
    const atSink = copiesById.get(relay.message_id) ?? [];
    const byToken = copiesByToken.get(email.index) ?? [];
    if (relay.status !== 'sent' && relay.status !== 'uncertain') wrong(`relay delivery ${relay.status}`);
    if (byToken.length > 1 || (relay.status === 'sent' && byToken.length !== 1))
      wrong(`its text reached the sink ${byToken.length} times, its relay delivery is ${relay.status}`);
    if (byToken.some((c) => c.to.join() !== email.partner))
      wrong(`a copy went to ${byToken.map((c) => c.to.join()).join('; ')}, not the partner`);
    if (relay.sent_at) latencyMs.push(relay.sent_at.getTime() - row.received_at.getTime());
    if (atSink.length === 1) outsideLatencyMs.push(atSink[0].at - email.acceptedAt!);
  }

  const { rows: dup } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM inbound_emails WHERE duplicate_of IS NOT NULL',
  );
  if (dup[0].n) notes.push(`${dup[0].n} inbound rows recorded as duplicates of an earlier one`);
  const recovered = inbound.filter((r) => r.attempts > 0).length;
  if (recovered) notes.push(`${recovered} inbound emails were given a new job by the recovery sweep`);
  const states = groupBy(inbound, (r) => [`${r.status}/${r.reason ?? '-'}`]);
  notes.push(`inbound rows by state: ${[...states].map(([k, rows]) => `${k} ${rows.length}`).join(', ')}`);

  const deliveries = await checkEveryDelivery(db, copiesById, begun);
  notes.push(deliveries.summary);
  return {
    violations: [
      ...listed('emails never accepted by the SMTP listener', refused),
      ...listed('accepted emails not relayed exactly once', notRelayedOnce),
      ...listed('deliveries wrong', deliveries.wrong),
    ],
    notes,
    uncertain: deliveries.uncertain,
    latencyMs,
    outsideLatencyMs,
  };
}

/** Every delivery of any kind (relays, welcomes, notices) against what the sink received. */
async function checkEveryDelivery(db: Client, copiesById: Map<string, SinkCopy[]>, begun: Set<string>) {
  const rows = (await db.query<DeliveryRow>('SELECT id, kind, status, message_id FROM deliveries')).rows;
  const wrong: string[] = [];
  const uncertain: UncertainDelivery[] = [];
  for (const row of rows) {
    const n = copiesById.get(row.message_id)?.length ?? 0;
    const name = `${row.kind} ${row.id}`;
    if (row.status === 'queued' || row.status === 'sending') wrong.push(`${name} still ${row.status}`);
    else if (row.status === 'sent' && n !== 1) wrong.push(`${name} sent, ${n} copies at the sink`);
    else if (row.status === 'uncertain' && (!begun.has(row.id) || n > 1))
      wrong.push(`${name} uncertain, ${n} copies, ${begun.has(row.id) ? '' : 'never reached the transport'}`);
    else if (row.status === 'uncertain') uncertain.push({ kind: row.kind, id: row.id, arrived: n === 1 });
    else if (row.status !== 'sent' && n !== 0)
      wrong.push(`${name} ${row.status}, yet ${n} copies at the sink`);
  }
  const known = new Set(rows.map((r) => r.message_id));
  for (const [id, c] of copiesById)
    if (!known.has(id)) wrong.push(`${c.length} copies at the sink of ${id}, which no delivery names`);
  const states = groupBy(rows, (r) => [`${r.kind}/${r.status}`]);
  const summary = `deliveries by kind and state: ${[...states].map(([k, r]) => `${k} ${r.length}`).join(', ')}`;
  return { wrong, uncertain, summary };
}
