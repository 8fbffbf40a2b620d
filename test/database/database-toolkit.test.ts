import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Thread } from '../../src/conversations/entities/thread.entity';
import { DatabaseToolkit } from '../../src/database/database-toolkit';
import { Transactor } from '../../src/database/transactor';
import { TestEnv } from '../support/test-env';

/** The one way below TypeORM: named statements on its own pool, or on a transaction's connection. */
describe('DatabaseToolkit', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DatabaseToolkit;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    db = running.app.get(DatabaseToolkit);
  });

  afterAll(async () => {
    await env.destroy();
  });

  it('gives every connection back: far more named statements than the pool holds all finish', async () => {
    // The pool holds 20 connections; a statement that kept its connection would stall the 21st.
    const sums = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        db
          .pool()
          .query<{ n: number }>({ name: 'toolkit-test-add', text: 'SELECT $1::int + 1 AS n', values: [i] }),
      ),
    );
    expect(sums.map((r) => r.rows[0].n)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('runs a statement inside a transaction on that transaction, and outside it on another connection', async () => {
    const seen = await running.app.get(Transactor).run(async (tx) => {
      const [{ txid: own }] = (await tx.query('SELECT txid_current()::text AS txid')) as { txid: string }[];
      const inside = await (
        await db.client(tx)
      ).query<{ txid: string }>({
        name: 'toolkit-test-txid',
        text: 'SELECT txid_current()::text AS txid',
      });
      const outside = await db.pool().query<{ txid: string }>({
        name: 'toolkit-test-txid',
        text: 'SELECT txid_current()::text AS txid',
      });
      return { own, inside: inside.rows[0].txid, outside: outside.rows[0].txid };
    });
    expect(seen.inside).toBe(seen.own);
    expect(seen.outside).not.toBe(seen.own);
  });

  it('prepares named statements on the connection, and none with DATABASE_PREPARED_STATEMENTS=false', async () => {
    // What a pooler in transaction mode cannot follow: a statement prepared on one server connection.
    const preparedAfterUse = (toolkit: DatabaseToolkit, name: string) =>
      running.app.get(Transactor).run(async (tx) => {
        const client = await toolkit.client(tx);
        await client.query({ name, text: 'SELECT 1' });
        const { rows } = await client.query<{ n: number }>({
          text: 'SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = $1',
          values: [name],
        });
        return rows[0].n;
      });
    const unnamed = new DatabaseToolkit(
      running.app.get(DataSource),
      env.config({ DATABASE_PREPARED_STATEMENTS: 'false' }),
    );
    expect(await preparedAfterUse(db, 'toolkit-test-named')).toBe(1);
    expect(await preparedAfterUse(unnamed, 'toolkit-test-unnamed')).toBe(0);
    const { rows } = await unnamed
      .pool()
      .query<{ n: number }>({ name: 'toolkit-test-unnamed', text: 'SELECT 2 AS n' });
    expect(rows[0].n).toBe(2);
  });

  it('maps a pg row and a to_jsonb row to the same entity, dates as Dates', async () => {
    const { rows } = await db.pool().query<Record<string, unknown>>({
      text: `SELECT t.*, to_jsonb(t)::text AS json FROM (SELECT gen_random_uuid() AS id,
               gen_random_uuid() AS pairing_id, 'Hello' AS subject, 'hello' AS normalized_subject,
               timestamptz '2026-03-01T10:00:00.123Z' AS created_at,
               timestamptz '2026-03-02T10:00:00Z' AS last_message_at) t`,
    });
    const row = rows[0];
    const fromPg = db.toEntity(Thread, row);
    const fromJson = db.toEntity(Thread, JSON.parse(row.json as string) as Record<string, unknown>);
    expect(fromPg).toBeInstanceOf(Thread);
    expect(fromJson).toEqual(fromPg);
    expect(fromPg).toEqual({
      id: row.id,
      pairingId: row.pairing_id,
      subject: 'Hello',
      normalizedSubject: 'hello',
      createdAt: new Date('2026-03-01T10:00:00.123Z'),
      lastMessageAt: new Date('2026-03-02T10:00:00Z'),
    });
  });
});
