import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  citedByQuery,
  relayViewsQuery,
  type CitedRequest,
  type RelayViewRequest,
} from '../../src/conversations/conversation-queries';
import { pairingWithMembersSql } from '../../src/programs/pairing-with-members';
import { TestEnv } from '../support/test-env';

/**
 * The relay view runs for every relayed copy, the cited lookup for every batch of replies. Their
 * statements are written so that PostgreSQL keeps one generic plan per connection instead of
 * planning at every execution (planning cost more than running them), and so that plan looks rows
 * up by key. These tests run the statements as the repository sends them, on one connection, and
 * read what PostgreSQL did with them.
 */
describe('the relay view and cited lookup statements', () => {
  const id = {
    programme: randomUUID(),
    lead: randomUUID(),
    member: randomUUID(),
    muted: randomUUID(),
    former: randomUUID(),
    pairing: randomUUID(),
    thread: randomUUID(),
  };
  const messages = [randomUUID(), randomUUID(), randomUUID()];
  const request = (messageRowId: string, recipientId = id.member): RelayViewRequest => ({
    messageRowId,
    recipientId,
    tailSize: 5,
    head: 1,
  });
  const view = async (requests: RelayViewRequest[]) =>
    (await database.db.query(relayViewsQuery(requests))).rows;
  const cited = async (requests: CitedRequest[]) => (await database.db.query(citedByQuery(requests))).rows;
  const tag = id.programme.slice(0, 8);
  const messageId = (i: number) => `m${i}-${tag}@x`;
  const database = connectedDatabase(async (db) => {
    await db.query(`INSERT INTO programmes (id, name, slug) VALUES ($1, 'P', $2)`, [
      id.programme,
      `p-${tag}`,
    ]);
    await db.query(
      `INSERT INTO participants (id, programme_id, name, role, email) VALUES
         ($1, $5, 'Lena', 'mentor', 'lena@example.org'), ($2, $5, 'Ben', 'mentee', 'ben@example.org'),
         ($3, $5, 'Cleo', 'mentee', 'cleo@example.org'), ($4, $5, 'Dana', 'mentee', 'dana@example.org')`,
      [id.lead, id.member, id.muted, id.former, id.programme],
    );
    await db.query(
      `INSERT INTO pairings (id, programme_id, relay_address, kind, name) VALUES ($1, $2, $3, 'circle', 'C')`,
      [id.pairing, id.programme, `c-${tag}@relay.localhost`],
    );
    await db.query(
      `INSERT INTO pairing_members (pairing_id, participant_id, role, muted_at, muted_by, left_at) VALUES
         ($1, $2, 'mentor', NULL, NULL, NULL), ($1, $3, 'mentee', NULL, NULL, NULL),
         ($1, $4, 'mentee', now(), 'lead', NULL), ($1, $5, 'mentee', NULL, NULL, now())`,
      [id.pairing, id.lead, id.member, id.muted, id.former],
    );
    await db.query(
      `INSERT INTO threads (id, pairing_id, subject, normalized_subject) VALUES ($1, $2, 'Hi', 'hi')`,
      [id.thread, id.pairing],
    );
    for (const [i, message] of messages.entries())
      await db.query(
        `INSERT INTO messages (id, thread_id, pairing_id, author_id, new_text, message_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() + $7 * interval '1 second')`,
        [message, id.thread, id.pairing, i % 2 ? id.member : id.lead, `text ${i}`, messageId(i), i],
      );
    // Our copy of the first message, as the member received it.
    await db.query(
      `INSERT INTO message_id_links (message_id, message_row_id, thread_id, pairing_id, participant_id, direction)
       VALUES ($1, $2, $3, $4, $5, 'outbound')`,
      [`copy0-${tag}@relay.localhost`, messages[0], id.thread, id.pairing, id.member],
    );
    // Other threads, their messages, links and prompts, so that reading a whole table is no cheap
    // way to find a few rows.
    await db.query(
      `WITH t AS (INSERT INTO threads (pairing_id, subject, normalized_subject)
                  SELECT $1, 'Other ' || n, 'other ' || n FROM generate_series(1, 400) n RETURNING id)
       INSERT INTO messages (thread_id, pairing_id, author_id, new_text, message_id)
       SELECT t.id, $1, $2, 'other', 'other-' || t.id || '-' || n || '@x' FROM t, generate_series(1, 5) n`,
      [id.pairing, id.lead],
    );
    await db.query(
      `INSERT INTO message_id_links (message_id, message_row_id, thread_id, pairing_id, participant_id, direction)
       SELECT 'copy-' || m.message_id, m.id, m.thread_id, m.pairing_id, $2, 'outbound'
         FROM messages m WHERE m.pairing_id = $1 AND m.message_id LIKE 'other-%'`,
      [id.pairing, id.member],
    );
    await db.query(
      `INSERT INTO pairing_prompts (pairing_id, week, item, prompt_key, title, thread_id, message_row_id, issued_at)
       SELECT $1, row_number() OVER (), 0, 'k', 'T', t.id,
              (SELECT m.id FROM messages m WHERE m.thread_id = t.id LIMIT 1), now()
         FROM threads t WHERE t.pairing_id = $1 AND t.id <> $2`,
      [id.pairing, id.thread],
    );
  });

  it('answers each copy in its order, with the thread history and the pairing as pairingWithMembersSql builds it', async () => {
    const rows = await view([request(messages[2]), request(messages[1], id.lead)]);
    expect(rows.map((r) => [Number(r.ord), r.id, r.mm_thread_id])).toEqual([
      [1, messages[2], id.thread],
      [2, messages[1], id.thread],
    ]);
    expect(rows[0].mm_first).toEqual([messages[0]]);
    expect(rows[0].mm_tail).toEqual([messages[1], messages[0]]);
    // The thread's first message (head 1) and the last two up to the message, oldest first.
    expect(rows[0].mm_ref_ids).toEqual(messages);
    expect(rows[1].mm_tail).toEqual([messages[0]]);
    const [original] = (
      await database.db.query(`SELECT (${pairingWithMembersSql('p.id = $1')}) AS found`, [id.pairing])
    ).rows as { found: { members: unknown[]; former: { id: string }[]; muted: string[] } }[];
    expect(rows[0].mm_found).toEqual(original.found);
    expect(original.found.members).toHaveLength(3);
    expect(original.found.former.map((p) => p.id)).toEqual([id.former]);
    expect(original.found.muted).toEqual([id.muted]);
  });

  it('is not found for a message that is not there, without losing the others', async () => {
    const rows = await view([request(randomUUID()), request(messages[0])]);
    expect(rows.map((r) => [Number(r.ord), r.id])).toEqual([[2, messages[0]]]);
  });

  it('keeps one generic relay view plan after five trials, looking messages up by key', async () => {
    const sizes = [1, 3, 2, 4, 1, 2, 3, 1, 4, 2, 1, 3];
    for (const size of sizes)
      await view(
        messages
          .concat(messages)
          .slice(0, size)
          .map((m) => request(m)),
      );
    const { name, values } = relayViewsQuery([request(messages[2])]);
    const plans = await plansOf(database.db, name!, String(values![0]));
    // Every earlier test ran on this connection too: at most PostgreSQL's five trial custom plans.
    expect(plans.custom).toBeLessThanOrEqual(5);
    expect(plans.generic).toBeGreaterThanOrEqual(sizes.length - 5);
    expect(plans.explained).not.toMatch(/Seq Scan on (messages|threads)\b/);
    expect(plans.explained).toMatch(/Index Scan using \S+ on messages/);
  });

  it("reads a few of a long thread's messages for each copy, not the whole thread", async () => {
    const long = randomUUID();
    await database.db.query(
      `INSERT INTO threads (id, pairing_id, subject, normalized_subject) VALUES ($1, $2, 'Long', 'long')`,
      [long, id.pairing],
    );
    const turns = (
      await database.db.query(
        `WITH m AS (
           INSERT INTO messages (thread_id, pairing_id, author_id, new_text, message_id, created_at)
           SELECT $1, $2, $3, 'turn ' || n, 'long-' || n || '-' || $4 || '@x', now() + n * interval '1 second'
             FROM generate_series(1, 600) n RETURNING id, created_at)
         SELECT id FROM m ORDER BY created_at`,
        [long, id.pairing, id.lead, tag],
      )
    ).rows.map((r: { id: string }) => r.id);
    const last = turns[turns.length - 1];
    // Run once so the statement is prepared on this connection (after the tests above, with its
    // generic plan), then run again under EXPLAIN ANALYZE to count the rows it read.
    const [copy] = await view([request(last)]);
    expect(copy.mm_first).toEqual([turns[0]]);
    expect(copy.mm_tail).toEqual(turns.slice(-6, -1).reverse());
    expect(copy.mm_ref_ids).toEqual([turns[0], turns[598], last]);
    const { name, values } = relayViewsQuery([request(last)]);
    const [{ 'QUERY PLAN': explained }] = (
      await database.db.query(
        `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE "${name}"(${database.db.escapeLiteral(String(values![0]))})`,
      )
    ).rows as { 'QUERY PLAN': { Plan: PlanNode }[] }[];
    // The message, the first, a tail of 5, the head of 1 (sorted with its ties): a handful of
    // rows, where the thread has 600 and reading it whole was the cost.
    expect(rowsReadFrom(explained[0].Plan, 'messages')).toBeLessThan(20);
  });

  it("finds what replies cite: our copy's text, the cited thread or else the subject's, in order", async () => {
    const rows = await cited([
      {
        pairingId: id.pairing,
        citedIds: [`copy0-${tag}@relay.localhost`],
        sentTextIds: [`copy0-${tag}@relay.localhost`],
        normalizedSubject: 'other 7',
      },
      { pairingId: id.pairing, citedIds: [], sentTextIds: [], normalizedSubject: 'hi' },
      { pairingId: id.pairing, citedIds: ['unknown@x'], sentTextIds: [], normalizedSubject: '' },
    ]);
    expect(rows.map((r) => [Number(r.ord), r.t_id, r.sent_texts])).toEqual([
      [1, id.thread, { [`copy0-${tag}@relay.localhost`]: 'text 0' }],
      [2, id.thread, null],
      [3, null, null],
    ]);
  });

  it('keeps one generic cited lookup plan after five trials, without reading whole tables', async () => {
    const citing = (n: number): CitedRequest => ({
      pairingId: id.pairing,
      citedIds: [`copy0-${tag}@relay.localhost`, messageId(n % 3)],
      sentTextIds: [`copy0-${tag}@relay.localhost`],
      normalizedSubject: n % 2 ? 'hi' : `other ${n}`,
      // The author's own earlier message under the reply's Message-ID is looked up by key too.
      ownMessageId: messageId(n % 3),
      authorId: id.member,
    });
    const sizes = [1, 3, 2, 4, 1, 2, 3, 1, 4, 2, 1, 3];
    for (const size of sizes) await cited(Array.from({ length: size }, (_, n) => citing(n)));
    const { name, values } = citedByQuery([citing(1)]);
    const plans = await plansOf(database.db, name!, String(values![0]));
    expect(plans.custom).toBeLessThanOrEqual(5);
    expect(plans.generic).toBeGreaterThanOrEqual(sizes.length - 5);
    expect(plans.explained).not.toMatch(/Seq Scan on (messages|threads|message_id_links|pairing_prompts)\b/);
  });
});

describe('the cited lookup on a young database', () => {
  const programme = randomUUID();
  const member = randomUUID();

  const database = connectedDatabase(async (db) => {
    await db.query(`INSERT INTO programmes (id, name, slug) VALUES ($1, 'P', $2)`, [
      programme,
      `p-${programme}`,
    ]);
    await db.query(
      `INSERT INTO participants (id, programme_id, name, role, email) VALUES ($1, $2, 'Ben', 'mentee', $3)`,
      [member, programme, `ben-${programme}@example.org`],
    );
    // A few weeks into a pilot: 40 pairings, each a thread of 12 relayed copies, 480 links in all.
    await db.query(
      `WITH p AS (INSERT INTO pairings (programme_id, relay_address, name)
                  SELECT $1::uuid, 'young-' || n || '-' || $1::text || '@relay.localhost', 'P' || n
                    FROM generate_series(1, 40) n RETURNING id),
            t AS (INSERT INTO threads (pairing_id, subject, normalized_subject)
                  SELECT id, 'Hi', 'hi' FROM p RETURNING id, pairing_id),
            m AS (INSERT INTO messages (thread_id, pairing_id, new_text, message_id)
                  SELECT t.id, t.pairing_id, 'text ' || n, 'young-' || t.id || '-' || n || '@x'
                    FROM t, generate_series(1, 12) n RETURNING id, thread_id, pairing_id, message_id)
       INSERT INTO message_id_links (message_id, message_row_id, thread_id, pairing_id, participant_id, direction)
       SELECT 'copy-' || message_id, id, thread_id, pairing_id, $2, 'outbound' FROM m`,
      [programme, member],
    );
  });

  it('keeps a generic plan that looks links up by key, not one that reads every link', async () => {
    const links = (
      await database.db.query(
        `SELECT pairing_id, message_id, thread_id FROM message_id_links ORDER BY message_id LIMIT 12`,
      )
    ).rows as { pairing_id: string; message_id: string; thread_id: string }[];
    const citing = (n: number): CitedRequest => ({
      pairingId: links[n].pairing_id,
      citedIds: [`unknown-${n}@x`, links[n].message_id],
      sentTextIds: [links[n].message_id],
      normalizedSubject: '',
      ownMessageId: `own-${n}@x`,
      authorId: member,
    });
    const sizes = [1, 3, 2, 4, 1, 2, 3, 1, 4, 2, 1, 3];
    for (const size of sizes) {
      const requests = Array.from({ length: size }, (_, n) => citing(n));
      const rows = (await database.db.query(citedByQuery(requests))).rows;
      // Each finds its own link's thread and our copy's text, behind an id it does not know.
      expect(rows.map((r) => r.t_id)).toEqual(requests.map((_, n) => links[n].thread_id));
      expect(rows.map((r) => Object.keys(r.sent_texts))).toEqual(
        requests.map((_, n) => [links[n].message_id]),
      );
    }
    const { name, values } = citedByQuery([citing(1)]);
    const plans = await plansOf(database.db, name!, String(values![0]));
    expect(plans.generic).toBeGreaterThanOrEqual(sizes.length - 5);
    // Priced while the table is small, `message_id = ANY(ids)` was a sequential scan of every
    // link, and the connection kept that plan as the table grew.
    expect(plans.explained).not.toMatch(/Seq Scan on message_id_links\b/);
  });
});

/**
 * A clone of the test template for this describe, seeded then analysed, and one connection to it:
 * a prepared statement's plans are per connection.
 */
function connectedDatabase(seed: (db: Client) => Promise<void>): { readonly db: Client } {
  let env: TestEnv;
  let db: Client;
  beforeAll(async () => {
    env = await TestEnv.create();
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    await seed(db);
    await db.query('ANALYZE');
  }, 60_000);
  afterAll(async () => {
    await db.end();
    await env.destroy();
  }, 60_000);
  return {
    get db() {
      return db;
    },
  };
}

/** Reads a prepared statement's plan counts on this connection, and its generic plan. */
async function plansOf(db: Client, name: string, firstValue: string) {
  const [plans] = (
    await db.query('SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1', [name])
  ).rows as { generic_plans: string; custom_plans: string }[];
  const explained = (await db.query(`EXPLAIN EXECUTE "${name}"(${db.escapeLiteral(firstValue)})`)).rows
    .map((r: Record<string, string>) => r['QUERY PLAN'])
    .join('\n');
  return { custom: Number(plans.custom_plans), generic: Number(plans.generic_plans), explained };
}

interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

/** Rows the executed plan's scans of `table` returned, over all their loops. */
function rowsReadFrom(node: PlanNode, table: string): number {
  const own = node['Relation Name'] === table ? node['Actual Rows'] * node['Actual Loops'] : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsReadFrom(child, table), 0);
}
