import { Client, type QueryConfig } from 'pg';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundRepository } from '../../src/inbound/inbound.repository';
import { OutboxRepository } from '../../src/outbound/outbox.repository';
import { RecoveryService } from '../../src/worker/recovery.service';
import { BULK_LIMITS, createPairingWorld } from '../factories/pairing.factory';
import { sendAs } from '../outbound/support/outbound-world';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

interface PlanNode {
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function indexesOf(node: PlanNode): string[] {
  return [...(node['Index Name'] ? [node['Index Name']] : []), ...(node.Plans ?? []).flatMap(indexesOf)];
}

/**
 * Relaying an email finds its rows by key. The states work passes through are rare in
 * PostgreSQL's statistics, and a status index also holds the entries of every earlier version
 * that passed through them until vacuum: a plan that searched it for "this row, if still
 * sending" read them all, every batch. Here the statistics say what a running programme's say
 * (thousands of finished rows, hardly any in flight), one email is relayed, the recovery sweep's
 * per-row re-reads, a send's release and a whole sweep run once, and every statement the app sent
 * about inbound emails or deliveries by key is planned again with its own values (the sweep's
 * searches by status are not by key, and are left out).
 */
describe('the relay path and the status indexes', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: Client;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api,worker' });
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await db.end();
    await env.destroy();
  }, 60_000);

  it('never searches a status index for a row it knows by key', async () => {
    const world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
    await db.query(
      `INSERT INTO inbound_emails (source, recipient, size, status)
       SELECT 'cli', 'old-' || n || '@relay.localhost', 1, 'accepted' FROM generate_series(1, 3000) n`,
    );
    await db.query(
      `INSERT INTO deliveries (dedupe_key, kind, status, to_address, message_id)
       SELECT 'old:' || n, 'notice', 'sent', 'old@member.example', 'old-' || n || '@relay.localhost'
         FROM generate_series(1, 3000) n`,
    );
    await db.query('ANALYZE inbound_emails, deliveries');
    const statusIndexes = (
      await db.query<{ indexname: string }>(
        `SELECT indexname FROM pg_indexes
          WHERE tablename IN ('inbound_emails', 'deliveries') AND indexdef ~ '\\(status\\M|WHERE \\(status'`,
      )
    ).rows.map((r) => r.indexname);
    // (status, received_at), (status, created_at) and the held emails' partial index at least.
    expect(statusIndexes.length).toBeGreaterThanOrEqual(3);

    // The app's own client class (its pg may not be the module this file loaded).
    const runner = running.app.get(DataSource).createQueryRunner();
    const appClient = (await runner.connect()) as Client;
    await runner.release();
    const spy = jest.spyOn(Object.getPrototypeOf(appClient) as Client, 'query');
    let calls: { config: unknown; values: unknown; by: unknown }[];
    try {
      await sendAs(running.app, world, 'mentee', 'Shall we meet on Thursday?');
      // Polled on this test's own connection, whose statements are not the app's.
      await waitFor(
        async () =>
          (
            await db.query(
              `SELECT 1 FROM deliveries WHERE kind = 'relay' AND to_address = $1 AND status = 'sent'`,
              [world.mentor.email],
            )
          ).rowCount === 1,
        30_000,
        50,
      );
      // The recovery sweep's re-reads of each row it revives, and a send's release after a
      // transient failure or its end without a send: each is a no-op on these finished rows, but its statement is planned.
      const [row] = (
        await db.query<{ inbound: string; delivery: string }>(
          `SELECT e.id AS inbound, d.id AS delivery FROM inbound_emails e
             JOIN messages m ON m.inbound_email_id = e.id JOIN deliveries d ON d.source_message_id = m.id`,
        )
      ).rows;
      const inbound = running.app.get(InboundRepository);
      const outbox = running.app.get(OutboxRepository);
      expect(await inbound.isReceived(row.inbound)).toBe(false);
      await inbound.countRecovery(row.inbound);
      expect(await outbox.isQueued(row.delivery)).toBe(false);
      await outbox.release({ id: row.delivery, attempts: 1 }, 'a transient failure', true);
      await outbox.finish({ id: row.delivery, attempts: 1 }, 'failed', 'a permanent failure');
      // A whole sweep too, as the worker runs one at any time: its searches by status are no keyed
      // statements and must not count as such.
      await running.app.get(RecoveryService).sweep();
      calls = spy.mock.calls.map(([config, values], i) => ({ config, values, by: spy.mock.contexts[i] }));
    } finally {
      spy.mockRestore();
    }
    const sent = new Map<string, { name?: string; values: unknown[] }>();
    calls.forEach(({ config, values, by }) => {
      if (by === db) return;
      const text = typeof config === 'string' ? config : (config as QueryConfig).text;
      const params = typeof config === 'string' ? values : (config as QueryConfig).values;
      // Rows found by key: an id compared with a parameter or with the rows a statement was given
      // (`id = $1`, `id = ANY($1)`, `d.id = v.id`). A sweep searches by status and may use its index.
      if (
        /^\s*(SELECT|WITH|UPDATE|INSERT|DELETE)\b/i.test(text) &&
        /\b(inbound_emails|deliveries)\b/.test(text) &&
        /\bid"?\s*=\s*((ANY\s*\(\s*)?\$\d|v\.id\b)/.test(text)
      )
        sent.set(text, { name: (config as QueryConfig).name, values: (params as unknown[]) ?? [] });
    });
    const searched: string[] = [];
    for (const [text, { values }] of sent) {
      const [{ 'QUERY PLAN': plan }] = (
        await db.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) ${text}`, values)
      ).rows;
      const used = indexesOf(plan[0].Plan).filter((name) => statusIndexes.includes(name));
      if (used.length > 0) searched.push(`${used.join(', ')}: ${text.replace(/\s+/g, ' ').slice(0, 120)}`);
    }
    expect(searched).toEqual([]);
    // The inbound worker's read and record, the claim, the send steps and the calls above at least, each
    // with its name: none of them can pass by being left out.
    const names = [...sent.values()].map((s) => s.name?.replace(/-v\d+$/, ''));
    expect(names).toEqual(
      expect.arrayContaining([
        'inbound-read-received',
        'inbound-record-accepted-many',
        'outbox-claim',
        'outbox-send-steps',
        'inbound-is-received',
        'inbound-count-recovery',
        'outbox-is-queued',
        'outbox-release',
        'outbox-finish',
      ]),
    );
  }, 60_000);
});
