import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Transactor } from '../../src/database/transactor';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { OutboxRepository } from '../../src/outbound/outbox.repository';
import { OutboxService } from '../../src/outbound/outbox.service';
import { SenderPresence } from '../../src/outbound/sending/sender-presence';
import { sampleInput } from '../../src/rendering/sample-props';
import { RecoveryService } from '../../src/worker/recovery.service';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/**
 * A worker killed between its claim and the hand-over to the transport sent nothing. Its claims
 * are queued again once its heartbeat is three beats old, not after SEND_LEASE_MS (an hour here);
 * a claim it handed over still waits for the lease, and a live process keeps its claims.
 */
describe('sends claimed by a process that stopped', () => {
  let env: TestEnv;
  let worker: RunningApp;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    worker = await env.start({
      ROLES: 'worker',
      // Stopped after three missed beats, 3 s: far longer than a loaded machine's pauses.
      SENDER_HEARTBEAT_MS: '1000',
      SEND_LEASE_MS: '3600000',
      RECOVERY_INTERVAL_MS: '3600000',
    });
    db = worker.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  /**
   * A notice row for `to` with no job, as a claim by `claimedBy` left it a minute ago: `sending`,
   * handed over or not. Claimed in the transaction that writes it, so no recovery pass (the one at
   * boot may still be running) ever sees it queued and gives it a job of its own.
   */
  async function claimedNotice(to: string, claimedBy: string, handed: boolean): Promise<Delivery> {
    const outbox = worker.app.get(OutboxService);
    return worker.app.get(Transactor).run(async (tx) => {
      const [row] = await outbox.queueMany(tx, [
        {
          dedupeKey: `notice:template_test:${randomUUID()}`,
          kind: 'notice',
          toAddress: to,
          payload: { reason: 'template_test', input: sampleInput('notice-rejected-empty') } as never,
        },
      ]);
      await tx.query(
        `UPDATE deliveries SET status = 'sending', attempts = 1, claimed_by = $2,
                sending_started_at = now() - interval '1 minute',
                handed_at = CASE WHEN $3 THEN now() - interval '50 seconds' END
          WHERE id = $1`,
        [row.id, claimedBy, handed],
      );
      return row;
    });
  }

  /** A process's row in sender_processes, if it has one. */
  async function senderRow(id: string, on = db): Promise<{ pid: number; seen_at: Date } | undefined> {
    const rows = (await on.query(`SELECT pid, seen_at FROM sender_processes WHERE id = $1`, [id])) as {
      pid: number;
      seen_at: Date;
    }[];
    return rows[0];
  }

  const copiesTo = async (to: string) =>
    (await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === to).length;

  it('queues again at the next sweep what a stopped process claimed and never handed over', async () => {
    // A process that beat last two minutes ago: SIGKILL leaves its row behind, going stale.
    const gone = randomUUID();
    await db.query(
      `INSERT INTO sender_processes (id, host, pid, started_at, seen_at)
       VALUES ($1, 'elsewhere', 4242, now() - interval '1 hour', now() - interval '2 minutes')`,
      [gone],
    );
    const orphan = await claimedNotice('orphan@example.org', gone, false);
    const handed = await claimedNotice('handed@example.org', gone, true);
    // A process whose row is gone altogether (deleted a day after its last beat).
    const unknownClaimant = await claimedNotice('unknown@example.org', randomUUID(), false);

    const swept = await worker.app.get(RecoveryService).sweep();
    expect(swept.uncertain).toBe(0);
    const sent = await waitFor(async () => {
      const rows = await db.getRepository(Delivery).findBy({ status: 'sent' });
      return rows.length === 2 ? rows : null;
    });
    expect(sent.map((d) => d.id).sort()).toEqual([orphan.id, unknownClaimant.id].sort());
    expect(await copiesTo('orphan@example.org')).toBe(1);
    expect(await copiesTo('unknown@example.org')).toBe(1);
    // The stopped process, were it only stalled, could not hand its claim over now.
    expect(await worker.app.get(OutboxRepository).handOver({ id: orphan.id, attempts: 1 })).toBe(false);

    // Handed over: it may have gone out, so only the lease may decide (uncertain, for staff).
    const stillHanded = await db.getRepository(Delivery).findOneByOrFail({ id: handed.id });
    expect(stillHanded.status).toBe('sending');
    expect(await copiesTo('handed@example.org')).toBe(0);

    // The new claims were this process's, and this process is on record as alive.
    const me = worker.app.get(SenderPresence).id;
    expect((await senderRow(me))?.pid).toBe(process.pid);
    expect(sent.every((d) => d.claimedBy === me)).toBe(true);
  });

  it('leaves alone the claims of a process that still beats, however old', async () => {
    const me = worker.app.get(SenderPresence).id;
    const before = (await senderRow(me))!.seen_at;
    // It beats on its own: its row moves on without any claim.
    await waitFor(async () => (await senderRow(me))!.seen_at > before);
    const live = await claimedNotice('live@example.org', me, false);
    await worker.app.get(RecoveryService).sweep();
    expect((await db.getRepository(Delivery).findOneByOrFail({ id: live.id })).status).toBe('sending');
  });

  it('takes its row away when it stops', async () => {
    const me = worker.app.get(SenderPresence).id;
    expect(await senderRow(me)).toBeDefined();
    await worker.close();
    const reader = await env.start({ ROLES: 'api' });
    expect(await senderRow(me, reader.app.get(DataSource))).toBeUndefined();
  });
});
