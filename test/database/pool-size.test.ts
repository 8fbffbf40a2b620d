import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { IntakeService } from '../../src/inbound/intake.service';
import { buildEmail } from '../factories/emails';
import { BULK_LIMITS, createPairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const POOL_MAX = 5;
const EMAILS = 60;

/**
 * DATABASE_POOL_MAX is what a deployment sizes its PostgreSQL connections by (processes x pool
 * must fit max_connections): a process must never hold more, and the smallest pool allowed must
 * still carry a burst through intake and both workers without waiting on itself.
 */
describe('DATABASE_POOL_MAX', () => {
  let env: TestEnv;
  let running: RunningApp;
  let watcher: Client;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ DATABASE_POOL_MAX: String(POOL_MAX) });
    watcher = new Client({ connectionString: env.databaseUrl });
    await watcher.connect();
  });

  afterAll(async () => {
    await watcher.end();
    await env.destroy();
  });

  it('holds at most that many connections while a burst of mail is received and relayed', async () => {
    const worlds = await Promise.all(
      [1, 2, 3].map(() => createPairingWorld(running.app, { limits: BULK_LIMITS })),
    );
    const intake = running.app.get(IntakeService);
    const db = running.app.get(DataSource);

    // The service's backends, sampled for as long as the burst runs (this watcher apart).
    let most = 0;
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const { rows } = await watcher.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        most = Math.max(most, rows[0].n);
      }
    })();

    // Every email at once: far more statements wait for a connection than the pool holds.
    const ids = await Promise.all(
      Array.from({ length: EMAILS }, async (_, i) => {
        const { pairing, mentee } = worlds[i % worlds.length];
        const { raw } = buildEmail({
          from: mentee.email,
          to: pairing.relayAddress,
          subject: `Week ${i}`,
          text: `Notes for week ${i}.`,
        });
        const receipt = await intake.receive({
          source: 'cli',
          raw: Buffer.from(raw),
          recipient: pairing.relayAddress,
          envelopeFrom: null,
        });
        return receipt.id;
      }),
    );
    const sent = () =>
      db.query(
        `SELECT count(*)::int AS n FROM deliveries d JOIN messages m ON m.id = d.source_message_id
          WHERE m.inbound_email_id = ANY($1::uuid[]) AND d.kind = 'relay' AND d.status = 'sent'`,
        [ids],
      ) as Promise<{ n: number }[]>;
    await waitFor(async () => (await sent())[0].n === EMAILS, 60_000);
    watching = false;
    await watch;

    expect(new Set(ids).size).toBe(EMAILS);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(POOL_MAX);
  }, 90_000);
});
