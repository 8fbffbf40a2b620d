import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { DatabaseToolkit } from '../../src/database/database-toolkit';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { InboundRepository } from '../../src/inbound/inbound.repository';
import { TestEnv } from '../support/test-env';

/**
 * The inbound worker reads a batch of received emails in one statement, the raw mail in binary and
 * every other column as JSON built from the entity's columns. What it reads must be the row as
 * TypeORM reads it, column for column, so a column added to the entity is never silently missing.
 */
describe('reading received emails for the inbound worker', () => {
  let env: TestEnv;
  let db: DataSource;
  let repo: InboundRepository;

  beforeAll(async () => {
    env = await TestEnv.create();
    db = await new DataSource(dataSourceOptions(env.databaseUrl)).initialize();
    repo = new InboundRepository(db, new DatabaseToolkit(db, env.config()));
  }, 60_000);

  afterAll(async () => {
    await db.destroy();
    await env.destroy();
  }, 60_000);

  it('gives every column of the row, the raw bytes as stored, and nothing once it is processed', async () => {
    const raw = Buffer.from('From: a@example.org\r\nSubject: Caf\xc3\xa9\r\n\r\nHello\x00\xff\r\n', 'latin1');
    const { id } = await repo.insertReceived({
      source: 'smtp',
      raw,
      recipient: 'nobody@relay.localhost',
      envelopeFrom: 'a@example.org',
      dedupeKey: `test:${Date.now()}`,
      auth: { spf: 'pass', dkim: 'none' },
      transportMeta: { helo: 'mx.example.org', tls: true },
      sender: 'a@example.org',
    });
    const [read] = await repo.readReceived([id]);
    const stored = await db.getRepository(InboundEmail).findOneByOrFail({ id });
    expect(read.email).toEqual(stored);
    expect(read.email.raw?.equals(raw)).toBe(true);
    expect(read.email.auth).toEqual({ spf: 'pass', dkim: 'none' });
    expect(read.pairing).toBeNull();

    await db.query(`UPDATE inbound_emails SET status = 'ignored', reason = 'duplicate' WHERE id = $1`, [id]);
    expect(await repo.readReceived([id])).toEqual([]);
  });
});
