import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { IntakeService } from '../../src/inbound/intake.service';
import { InboundPipelineService } from '../../src/inbound/pipeline/inbound-pipeline.service';
import { NoticeRepository } from '../../src/notices/notice.repository';
import { buildEmail } from '../factories/emails';
import { BULK_LIMITS, createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/**
 * "At most one notice per address and reason per 24 hours" holds however the emails arrive: in
 * one batch (whose notices are written in concurrent transactions) or in two batches at once, as
 * two workers would run them. The batches are driven directly (no worker role, so the queue
 * never runs them), through the real intake and PostgreSQL.
 */
describe('notices: at most one per address and reason per 24 hours', () => {
  let env: TestEnv;
  let running: RunningApp;
  let pipeline: InboundPipelineService;
  let intake: IntakeService;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    pipeline = running.app.get(InboundPipelineService);
    intake = running.app.get(IntakeService);
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  const store = async (world: PairingWorld, text: string, headers: Record<string, string> = {}) => {
    const { raw } = buildEmail({
      from: world.mentee.email,
      to: world.pairing.relayAddress,
      subject: 'Re: Week 2',
      text,
      headers,
    });
    const receipt = await intake.receive({
      source: 'cli',
      raw: Buffer.from(raw),
      recipient: world.pairing.relayAddress,
      envelopeFrom: null,
    });
    return receipt.id;
  };

  const storeMany = (world: PairingWorld, n: number, text: string, headers?: Record<string, string>) =>
    Promise.all(Array.from({ length: n }, (_, i) => store(world, text && `${text} (${i})`, headers)));

  /** Notices to the mentee, counted per reason. */
  const noticesTo = async (world: PairingWorld): Promise<Record<string, number>> => {
    const rows: { reason: string; n: number }[] = await db.query(
      `SELECT payload->>'reason' AS reason, count(*)::int AS n FROM deliveries
        WHERE kind = 'notice' AND to_address = $1 GROUP BY 1`,
      [world.mentee.email],
    );
    return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
  };

  const states = async (ids: string[]) => {
    const rows = await db.getRepository(InboundEmail).findBy(ids.map((id) => ({ id })));
    return [...new Set(rows.map((r) => `${r.status}/${r.reason}`))];
  };

  const ccOutsider = { Cc: 'friend@elsewhere.example' };

  it('one batch of 20 replies Cc-ing an outsider and 20 empty replies: one notice of each', async () => {
    const world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
    const exposed = await storeMany(world, 20, 'My answer to week 2', ccOutsider);
    const empty = await storeMany(world, 20, '');

    await pipeline.processBatch([...exposed, ...empty]);

    // Every email is still recorded and relayed (or rejected) as itself; only the notices are one.
    expect(await states(exposed)).toEqual(['accepted/relayed']);
    expect(await states(empty)).toEqual(['rejected/empty']);
    expect(await noticesTo(world)).toEqual({ cc_exposed: 1, empty: 1 });
  });

  it('two batches at once, as two workers would run them: still one notice of each', async () => {
    const world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
    const exposed = await storeMany(world, 20, 'My answer to week 2', ccOutsider);
    const empty = await storeMany(world, 20, '');

    await Promise.all([
      pipeline.processBatch([...exposed.slice(0, 10), ...empty.slice(0, 10)]),
      pipeline.processBatch([...exposed.slice(10), ...empty.slice(10)]),
    ]);

    expect(await states([...exposed, ...empty])).toEqual(
      expect.arrayContaining(['accepted/relayed', 'rejected/empty']),
    );
    expect(await noticesTo(world)).toEqual({ cc_exposed: 1, empty: 1 });

    // Once the 24 hours have passed, the next such email is answered again (once).
    await db.query(`UPDATE notice_windows SET last_at = last_at - interval '24 hours'`);
    await Promise.all([
      pipeline.processBatch(await storeMany(world, 3, '')),
      pipeline.processBatch(await storeMany(world, 3, '')),
    ]);
    expect(await noticesTo(world)).toEqual({ cc_exposed: 1, empty: 2 });
  });

  /** Two transactions at once, the second started while the first holds its claim. */
  const raceTwo = async (address: string, end: 'commit' | 'rollback') => {
    const notices = running.app.get(NoticeRepository);
    const [a, b] = [db.createQueryRunner(), db.createQueryRunner()];
    try {
      await Promise.all([a.connect(), b.connect()]);
      await Promise.all([a.startTransaction(), b.startTransaction()]);
      const first = await notices.claimNoticeWindow(address, 'empty', a.manager);
      const second = notices.claimNoticeWindow(address, 'empty', b.manager);
      // The second claim must wait for the first transaction, not decide before it ends.
      await waitFor(async () => {
        const [row]: { n: number }[] = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND query LIKE '%notice_windows%'`,
        );
        return row.n > 0;
      });
      await (end === 'commit' ? a.commitTransaction() : a.rollbackTransaction());
      const result = [first, await second];
      await b.commitTransaction();
      return result;
    } finally {
      await Promise.all([a.release(), b.release()]);
    }
  };

  it('two transactions claiming at once: the second waits, and gets the notice only if the first rolled back', async () => {
    expect(await raceTwo('Race.One@student-mail.example', 'commit')).toEqual([true, false]);
    expect(await raceTwo('race.two@student-mail.example', 'rollback')).toEqual([true, true]);
    // Neither address is stored in clear.
    const stored: { address_hash: string }[] = await db.query(`SELECT address_hash FROM notice_windows`);
    expect(stored.map((r) => r.address_hash).join(' ')).not.toMatch(/@|race/i);
  });
});
