import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { inject, settled } from '../outbound/support/outbound-world';
import { TestEnv } from '../support/test-env';

/** Every column an inbound email fills with its whole mail or a body: written once per email. */
const BODY_COLUMNS = [
  'inbound_emails.raw',
  'messages.full_text',
  'messages.quoted_text',
  'messages.html',
  'messages.new_text',
  'messages.new_html',
];

/**
 * An inbound email's raw mail and its message's bodies are compressed as they are stored, with lz4
 * where the server has it (Debian's PostgreSQL, this one, does): pglz costs several times the CPU.
 * A column added later with PostgreSQL's default (as `new_html` was) fails here.
 */
describe('compression of the mail and bodies every inbound email stores', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'worker' });
    world = await createPairingWorld(running.app);
    db = running.app.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('stores a long HTML reply with lz4 in every body column', async () => {
    const [{ lz4 }] = (await db.query(
      `SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`,
    )) as { lz4: boolean }[];
    expect(lz4).toBe(true);
    // Long and repetitive, as real mail is: well over the 2 KB from which PostgreSQL compresses.
    const lines = Array.from(
      { length: 150 },
      (_, i) => `${i}. This week I finished the portfolio page and sent it to two studios.`,
    );
    const from = world.mentee.email;
    const to = world.pairing.relayAddress;
    const email = buildEmail({
      from,
      to,
      subject: 'A long update',
      text: lines.join('\n\n'),
      html: `<div>${lines.map((l) => `<p>${l}</p>`).join('')}</div>`,
    });
    await inject(running.app, email.raw, from, to);
    await settled(db, 1);

    const [stored] = (await db.query(
      `SELECT pg_column_compression(e.raw) AS raw, pg_column_compression(m.full_text) AS full_text,
              pg_column_compression(m.html) AS html, pg_column_compression(m.new_text) AS new_text,
              pg_column_compression(m.new_html) AS new_html
         FROM inbound_emails e JOIN messages m ON m.inbound_email_id = e.id
        WHERE m.message_id = $1`,
      [email.messageId],
    )) as Record<string, string | null>[];
    expect(stored).toEqual({ raw: 'lz4', full_text: 'lz4', html: 'lz4', new_text: 'lz4', new_html: 'lz4' });

    // And the columns themselves, for values short of this test's (quoted_text stays empty here).
    const columns = (await db.query(
      `SELECT c.relname || '.' || a.attname AS name, a.attcompression AS method
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relname || '.' || a.attname = ANY($1::text[]) AND a.attnum > 0 AND NOT a.attisdropped`,
      [BODY_COLUMNS],
    )) as { name: string; method: string }[];
    expect(Object.fromEntries(columns.map((c) => [c.name, c.method]))).toEqual(
      Object.fromEntries(BODY_COLUMNS.map((name) => [name, 'l'])),
    );
  });
});
