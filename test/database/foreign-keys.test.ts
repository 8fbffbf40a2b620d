import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { ForeignKeys1796514464405 } from '../../migrations/1796514464405-ForeignKeys';
import { MIGRATIONS } from '../../migrations';
import { TestEnv } from '../support/test-env';

/** One of everything that hangs off a programme, with fresh ids. */
function worldIds() {
  const id = () => randomUUID();
  return {
    programme: id(),
    mentor: id(),
    mentee: id(),
    pairing: id(),
    thread: id(),
    message: id(),
    inbound: id(),
    prompt: id(),
    promptMessage: id(),
    delivery: id(),
    staff: id(),
  };
}

type World = ReturnType<typeof worldIds>;

/** Writes a world straight in SQL (no app: this test is about the schema alone). */
async function insertWorld(db: DataSource, w: World): Promise<void> {
  const tag = w.programme.slice(0, 8);
  const statements: [string, unknown[]][] = [
    [`INSERT INTO programmes (id, name, slug) VALUES ($1, 'P', $2)`, [w.programme, `p-${tag}`]],
    [
      `INSERT INTO participants (id, programme_id, name, role, email) VALUES
         ($1, $3, 'Maria', 'mentor', $4), ($2, $3, 'Tom', 'mentee', $5)`,
      [w.mentor, w.mentee, w.programme, `m-${tag}@example.org`, `t-${tag}@example.org`],
    ],
    [
      `INSERT INTO pairings (id, programme_id, relay_address) VALUES ($1, $2, $3)`,
      [w.pairing, w.programme, `p-${tag}@relay.localhost`],
    ],
    [
      `INSERT INTO pairing_members (pairing_id, participant_id, role) VALUES ($1, $2, 'mentor'), ($1, $3, 'mentee')`,
      [w.pairing, w.mentor, w.mentee],
    ],
    [
      `INSERT INTO welcomes (pairing_id, participant_id) VALUES ($1, $2), ($1, $3)`,
      [w.pairing, w.mentor, w.mentee],
    ],
    [
      `INSERT INTO schedules (participant_id, pairing_id, stream) VALUES ($1, $3, 'prompt'), ($2, $3, 'prompt')`,
      [w.mentor, w.mentee, w.pairing],
    ],
    [
      `INSERT INTO threads (id, pairing_id, subject, normalized_subject) VALUES ($1, $2, 'Hi', 'hi')`,
      [w.thread, w.pairing],
    ],
    [
      `INSERT INTO inbound_emails (id, source, recipient, size, pairing_id) VALUES ($1, 'smtp', $2, 10, $3)`,
      [w.inbound, `p-${tag}@relay.localhost`, w.pairing],
    ],
    [
      `INSERT INTO inbound_emails (source, recipient, size, duplicate_of, status, reason)
       VALUES ('smtp', $1, 10, $2, 'ignored', 'duplicate')`,
      [`p-${tag}@relay.localhost`, w.inbound],
    ],
    [
      `INSERT INTO messages (id, thread_id, pairing_id, author_id, inbound_email_id, new_text, message_id)
       VALUES ($1, $2, $3, $4, $5, 'Hello', $6), ($7, $2, $3, NULL, NULL, 'Ask', $8)`,
      [
        w.message,
        w.thread,
        w.pairing,
        w.mentee,
        w.inbound,
        `${w.message}@x`,
        w.promptMessage,
        `${w.promptMessage}@x`,
      ],
    ],
    [
      `INSERT INTO message_id_links (message_id, message_row_id, thread_id, pairing_id, participant_id, direction)
       VALUES ($1, $2, $3, $4, $5, 'outbound')`,
      [`copy-${w.message}@x`, w.message, w.thread, w.pairing, w.mentor],
    ],
    [
      `INSERT INTO deliveries (id, dedupe_key, kind, pairing_id, source_message_id, recipient_id, to_address, message_id)
       VALUES ($1, $2, 'relay', $3, $4, $5, 'm@example.org', $2)`,
      [w.delivery, `relay:${w.delivery}`, w.pairing, w.message, w.mentor],
    ],
    [
      `INSERT INTO delivery_events (message_ref, recipient, type, source, delivery_id, programme_id, occurred_at)
       VALUES ($1, 'm@example.org', 'bounce', 'ses', $2, $3, now())`,
      [`ref-${w.delivery}`, w.delivery, w.programme],
    ],
    [
      `INSERT INTO pairing_prompts (id, pairing_id, week, item, prompt_key, title, thread_id, message_row_id,
                                    swapped_for, issued_at)
       VALUES ($1, $2, 1, 0, 'k', 'T', $3, $4, $5, now())`,
      [w.prompt, w.pairing, w.thread, w.promptMessage, w.mentee],
    ],
    [
      `INSERT INTO poll_votes (pairing_prompt_id, participant_id, option_index, voted_at) VALUES ($1, $2, 0, now())`,
      [w.prompt, w.mentor],
    ],
    [
      `INSERT INTO prompt_answers (pairing_prompt_id, participant_id, text, answered_at) VALUES ($1, $2, 'a', now())`,
      [w.prompt, w.mentor],
    ],
    [
      `INSERT INTO letters (participant_id, pairing_id, pairing_prompt_id, text, written_at)
       VALUES ($1, $2, $3, 'Dear me', now())`,
      [w.mentee, w.pairing, w.prompt],
    ],
    [
      `INSERT INTO video_checkins (pairing_prompt_id, pairing_id, proposed_by, slots, picked_by)
       VALUES ($1, $2, $3, ARRAY[now()], $4)`,
      [w.prompt, w.pairing, w.mentor, w.mentee],
    ],
    [
      `INSERT INTO pairing_tours (pairing_id, programme_id, tour_id)
       SELECT $1, $2, id FROM virtual_tours LIMIT 1`,
      [w.pairing, w.programme],
    ],
    [
      `INSERT INTO staff_users (id, email, password_hash) VALUES ($1, $2, 'x')`,
      [w.staff, `s-${tag}@example.org`],
    ],
    [
      `INSERT INTO thread_views (staff_id, thread_id, pairing_id) VALUES ($1, $2, $3)`,
      [w.staff, w.thread, w.pairing],
    ],
  ];
  for (const [sql, params] of statements) await db.query(sql, params);
}

const count = async (db: DataSource, sql: string, params: unknown[] = []) =>
  ((await db.query(sql, params)) as { n: number }[])[0].n;

/**
 * The foreign keys ForeignKeys added, on a database upgraded from before them that holds rows
 * whose parent was deleted by hand; then what deleting a programme takes with it.
 */
describe('foreign keys', () => {
  let env: TestEnv;
  let db: DataSource;
  const kept = worldIds();
  const gone = worldIds();

  beforeAll(async () => {
    env = await TestEnv.create();
    db = await new DataSource(dataSourceOptions(env.databaseUrl)).initialize();
  });

  afterAll(async () => {
    await db.destroy();
    await env.destroy();
  });

  it('upgrades a database holding orphans: each gets its ON DELETE action, then every key is valid', async () => {
    // Back to the schema before the keys: every migration from ForeignKeys on, newest first (the
    // ones after it are undone too and applied again below).
    const undo = MIGRATIONS.length - MIGRATIONS.indexOf(ForeignKeys1796514464405);
    for (let i = 0; i < undo; i++) await db.undoLastMigration({ transaction: 'each' });
    expect(await db.showMigrations()).toBe(true);
    await insertWorld(db, kept);
    await insertWorld(db, gone);
    // The old way a pairing went: by hand, with only the first migration's keys cascading.
    await db.query(`DELETE FROM pairings WHERE id = $1`, [gone.pairing]);
    await db.query(`DELETE FROM participants WHERE id = ANY($1)`, [[gone.mentor, gone.mentee]]);
    await db.query(`DELETE FROM inbound_emails WHERE id = $1`, [kept.inbound]);
    await db.query(`DELETE FROM deliveries WHERE id = $1`, [kept.delivery]);
    await db.query(`DELETE FROM programmes WHERE id = $1`, [gone.programme]);
    // Left behind: the gone pairing's mail, deliveries, schedules, prompts and what hangs off them.
    expect(
      await count(db, `SELECT count(*)::int AS n FROM deliveries WHERE pairing_id = $1`, [gone.pairing]),
    ).toBe(1);
    expect(
      await count(db, `SELECT count(*)::int AS n FROM letters WHERE pairing_id = $1`, [gone.pairing]),
    ).toBe(1);

    await db.runMigrations({ transaction: 'each' });

    for (const table of [
      'inbound_emails',
      'deliveries',
      'schedules',
      'pairing_prompts',
      'letters',
      'welcomes',
      'video_checkins',
      'thread_views',
      'pairing_tours',
    ]) {
      const n = await count(db, `SELECT count(*)::int AS n FROM ${table} WHERE pairing_id = $1`, [
        gone.pairing,
      ]);
      expect({ table, n }).toEqual({ table, n: 0 });
    }
    // Children of deleted orphans went too: the duplicate of the gone pairing's email, its prompt's votes.
    expect(
      await count(db, `SELECT count(*)::int AS n FROM inbound_emails WHERE duplicate_of IS NOT NULL`),
    ).toBe(0);
    expect(await count(db, `SELECT count(*)::int AS n FROM poll_votes`)).toBe(1);
    expect(await count(db, `SELECT count(*)::int AS n FROM prompt_answers`)).toBe(1);
    // SET NULL: the kept message lost its deleted raw email, the events their deleted delivery and programme.
    expect(await db.query(`SELECT inbound_email_id FROM messages WHERE id = $1`, [kept.message])).toEqual([
      { inbound_email_id: null },
    ]);
    expect(
      await db.query(`SELECT delivery_id, programme_id FROM delivery_events ORDER BY message_ref = $1`, [
        `ref-${kept.delivery}`,
      ]),
    ).toEqual([
      { delivery_id: null, programme_id: null },
      { delivery_id: null, programme_id: kept.programme },
    ]);
    // The kept world is whole: one of each row.
    expect(
      await count(db, `SELECT count(*)::int AS n FROM schedules WHERE pairing_id = $1`, [kept.pairing]),
    ).toBe(2);
    expect(
      await count(db, `SELECT count(*)::int AS n FROM letters WHERE pairing_id = $1`, [kept.pairing]),
    ).toBe(1);

    const invalid: { conname: string }[] = await db.query(
      `SELECT conname FROM pg_constraint WHERE contype = 'f' AND NOT convalidated`,
    );
    expect(invalid).toEqual([]);
    await expect(
      db.query(`INSERT INTO schedules (participant_id, pairing_id, stream) VALUES ($1, $2, 'digest')`, [
        kept.mentor,
        randomUUID(),
      ]),
    ).rejects.toMatchObject({ code: '23503', constraint: 'fk_schedules_pairing_id' });
  });

  it('deletes everything of a programme with it, but keeps delivery feedback without its links', async () => {
    await db.query(`DELETE FROM programmes WHERE id = $1`, [kept.programme]);
    const tables: { table_name: string }[] = await db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    // Left: feedback, the catalogue and staff, and tables no programme reaches.
    const outlive = ['delivery_events', 'films', 'virtual_tours', 'staff_users', 'deployment', 'migrations'];
    const left: Record<string, number> = {};
    for (const { table_name } of tables) {
      const n = await count(db, `SELECT count(*)::int AS n FROM "${table_name}"`);
      if (n > 0) left[table_name] = n;
    }
    expect(Object.keys(left).sort()).toEqual([...outlive].sort());
    expect(await db.query(`SELECT DISTINCT delivery_id, programme_id FROM delivery_events`)).toEqual([
      { delivery_id: null, programme_id: null },
    ]);
  });
});
