import { randomUUID } from 'node:crypto';
import type { RunningApp } from '../../src/bootstrap';
import { DatabaseToolkit } from '../../src/database/database-toolkit';
import type { Delivery } from '../../src/outbound/entities/delivery.entity';
import { OutboxRepository } from '../../src/outbound/outbox.repository';
import { TestEnv } from '../support/test-env';

/**
 * The writes of a send after its claim (the hand-over, then the sent mark) of concurrent sends
 * share statements: a worker's sends are at either step at once. Sharing must not change what
 * each one decides: a stale claim's hand-over is still refused beside a good one.
 */
describe('hand-overs and sent marks made together', () => {
  let env: TestEnv;
  let running: RunningApp;
  let repo: OutboxRepository;

  beforeAll(async () => {
    env = await TestEnv.create();
    // No worker: nothing but this test claims or sends the rows.
    running = await env.start({ ROLES: 'api' });
    repo = running.app.get(OutboxRepository);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  async function claimed(count: number): Promise<Delivery[]> {
    const rows = await repo.insertMany(
      Array.from({ length: count }, () => {
        const key = randomUUID();
        return {
          dedupeKey: `test:${key}`,
          kind: 'notice' as const,
          toAddress: `${key}@member.example`,
          messageId: `${key}@relay.example`,
        };
      }),
    );
    return Promise.all(rows.map(async (r) => (await repo.claim(r.id))!.delivery));
  }

  const sentValues = { transport: 'file', transportId: 'x.eml' };

  function statementsNamed(name: string): { count: () => number; restore: () => void } {
    const pool = running.app.get(DatabaseToolkit).pool();
    const spy = jest.spyOn(pool, 'query');
    return {
      count: () => spy.mock.calls.filter(([config]) => config.name === name).length,
      restore: () => spy.mockRestore(),
    };
  }

  it('hands over, refuses a stale claim and marks sent, in one statement', async () => {
    const [handed, stale, sent] = await claimed(3);
    await repo.handOver(sent);
    const statements = statementsNamed('outbox-send-steps-v2');
    try {
      const [handedOk, staleOk] = await Promise.all([
        repo.handOver(handed),
        // The sweep took this row back and another claim counted an attempt since.
        repo.handOver({ id: stale.id, attempts: stale.attempts - 1 }),
        repo.markSent(sent.id, sentValues),
      ]);
      expect([handedOk, staleOk]).toEqual([true, false]);
      expect(statements.count()).toBe(1);
    } finally {
      statements.restore();
    }
    const after = new Map(
      (await Promise.all([handed, stale, sent].map((d) => repo.findById(d.id)))).map((d) => [d!.id, d!]),
    );
    expect(after.get(handed.id)).toMatchObject({ status: 'sending', handedAt: expect.any(Date) });
    expect(after.get(stale.id)).toMatchObject({ status: 'sending', handedAt: null });
    expect(after.get(sent.id)).toMatchObject({ status: 'sent', transportId: 'x.eml', sentAt: expect.any(Date) });
  });

  it('a hand-over and a sent mark of the same row in one batch both hold, in order', async () => {
    const [delivery] = await claimed(1);
    const statements = statementsNamed('outbox-send-steps-v2');
    try {
      const [handedOk] = await Promise.all([
        repo.handOver(delivery),
        repo.markSent(delivery.id, sentValues),
      ]);
      expect(handedOk).toBe(true);
      expect(statements.count()).toBe(2);
    } finally {
      statements.restore();
    }
    expect(await repo.findById(delivery.id)).toMatchObject({
      status: 'sent',
      handedAt: expect.any(Date),
      sentAt: expect.any(Date),
    });
  });
});
