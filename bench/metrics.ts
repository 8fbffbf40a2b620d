// `npm run bench -- metrics`: what one /metrics scrape costs on a database with history.
import { DataSource } from 'typeorm';
import { fmt, percentile, benchWorld } from './support';

const INBOUND = 300_000;
const DELIVERIES = 600_000;
const EVENTS = 30_000;
const SCRAPES = 20;

/** Rows spread over the last 60 days, as a programme a few months old would have. */
async function seed(db: DataSource): Promise<void> {
  await db.query(
    `INSERT INTO inbound_emails (source, recipient, size, status, reason, received_at)
     SELECT 'smtp', 'bench@relay.localhost', 2000, (ARRAY['accepted','rejected','ignored'])[1 + i % 3],
            (ARRAY['relayed','unknown_sender','auto_generated'])[1 + i % 3],
            now() - (i::float8 / $1) * interval '60 days'
       FROM generate_series(1, $1) AS i`,
    [INBOUND],
  );
  await db.query(
    `INSERT INTO deliveries (dedupe_key, kind, status, to_address, message_id, transport, transport_id, sent_at, created_at)
     SELECT 'bench:' || i, 'relay', 'sent', 'p' || (i % 5000) || '@example.org', i || '@relay.localhost',
            'ses', 'ses-' || i, t, t
       FROM generate_series(1, $1) AS i, LATERAL (SELECT now() - (i::float8 / $1) * interval '60 days' AS t) AS x`,
    [DELIVERIES],
  );
  await db.query(
    `INSERT INTO delivery_events (message_ref, recipient, type, source, occurred_at)
     SELECT 'ses-' || i, 'p' || (i % 5000) || '@example.org', (ARRAY['bounce','complaint','delivery'])[1 + i % 3],
            'ses', now() - (i::float8 / $1) * interval '60 days'
       FROM generate_series(1, $1) AS i`,
    [EVENTS],
  );
  await db.query('ANALYZE inbound_emails, deliveries, delivery_events');
}

async function scrapeTimes(url: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < SCRAPES; i++) {
    const started = process.hrtime.bigint();
    const res = await fetch(`${url}/metrics`);
    if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
    await res.text();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

export async function runMetricsBench(): Promise<void> {
  const world = await benchWorld({ ROLES: 'api' });
  try {
    const db = world.running.app.get(DataSource);
    const seeding = Date.now();
    await seed(db);
    console.log(
      `seeded ${INBOUND.toLocaleString('en')} inbound emails, ${DELIVERIES.toLocaleString('en')} deliveries, ` +
        `${EVENTS.toLocaleString('en')} feedback events over 60 days in ${fmt((Date.now() - seeding) / 1000)} s`,
    );
    const report = (label: string, t: number[]) =>
      console.log(
        `${label}: median ${fmt(percentile(t, 50))} ms, p90 ${fmt(percentile(t, 90))} ms, max ${fmt(t[t.length - 1])} ms (${SCRAPES} scrapes)`,
      );
    report('/metrics, whole scrape', await scrapeTimes(world.running.httpUrl!));
    // The same without the two indexes the MetricsIndexes migration adds, for the figure beside it.
    await db.query('DROP INDEX "IDX_deliveries_sent_at"; DROP INDEX "IDX_delivery_events_occurred_at"');
    report('/metrics without the sent_at and occurred_at indexes', await scrapeTimes(world.running.httpUrl!));
  } finally {
    await world.destroy();
  }
}
