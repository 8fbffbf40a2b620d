import { DataSource } from 'typeorm';
import { AttentionService } from '../../src/attention/attention.service';
import type { RunningApp } from '../../src/bootstrap';
import { OutboxService } from '../../src/outbound/outbox.service';
import { SuppressionService } from '../../src/outbound/feedback/suppression.service';
import { CLOCK } from '../../src/prompts/clock';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { write } from '../admin/prompt-rows';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { FakeClock } from '../prompts/fake-clock';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';

jest.setTimeout(120_000);

/**
 * Nudges on the scheduler's tick, with a fake clock: the mentee (New York, programme hour 09:00)
 * owes a reply to a message of 2 March 12:00 UTC; reminders every 4 days, at most 2.
 */
describe('nudges: a personal reminder to whoever owes a reply', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let tick: ScheduleTickService;
  const clock = new FakeClock(new Date('2026-03-02T12:00:00Z'));
  const T0 = new Date('2026-03-02T12:00:00Z');

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api', SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    tick = running.app.get(ScheduleTickService);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const nudgesTo = async (id: string) =>
    (await db.query(`SELECT id FROM deliveries WHERE recipient_id = $1 AND dedupe_key LIKE 'nudge:%' ORDER BY created_at`, [
      id,
    ])) as { id: string }[];
  const tickAt = (iso: string) => tick.tick(clock.set(iso));
  /** A pair where the mentor wrote last, at T0. */
  const owing = async (): Promise<PairingWorld> => {
    const w = await createPairingWorld(running.app);
    await write(db, w, w.mentee.id, new Date(T0.getTime() - 86_400_000));
    await write(db, w, w.mentor.id, T0);
    return w;
  };

  it('reminds at the local hour, every N days, stops at K, then alerts staff instead; the partner is never told', async () => {
    const w = await owing();
    // Day 4 is 6 March; 09:00 in New York (EST) is 14:00 UTC.
    await tickAt('2026-03-06T13:59:00Z');
    expect(await nudgesTo(w.mentee.id)).toHaveLength(0);
    await tickAt('2026-03-06T14:00:00Z');
    expect(await nudgesTo(w.mentee.id)).toHaveLength(1);
    await tickAt('2026-03-06T15:00:00Z');
    expect(await nudgesTo(w.mentee.id)).toHaveLength(1);
    // Day 8 is 10 March, after the switch to EDT: 09:00 is 13:00 UTC.
    await tickAt('2026-03-10T12:59:00Z');
    expect(await nudgesTo(w.mentee.id)).toHaveLength(1);
    await tickAt('2026-03-10T13:00:00Z');
    expect(await nudgesTo(w.mentee.id)).toHaveLength(2);
    // Day 12: no third reminder (K = 2); staff are alerted instead, once.
    const queue = running.app.get(AttentionService);
    expect((await queue.queue({ pairingId: w.pairing.id })).map((i) => i.signal)).not.toContain('nudges_unanswered');
    const report = await tickAt('2026-03-14T13:00:00Z');
    expect(report.nudges.alerted).toBeGreaterThanOrEqual(1);
    await tickAt('2026-03-30T13:00:00Z');
    expect(await nudgesTo(w.mentee.id)).toHaveLength(2);
    const items = await queue.queue({ pairingId: w.pairing.id });
    expect(items.filter((i) => i.signal === 'nudges_unanswered').map((i) => [i.participantId, i.detail])).toEqual([
      [w.mentee.id, '2 reminder(s) sent'],
    ]);
    // The partner got nothing about it.
    expect(await nudgesTo(w.mentor.id)).toHaveLength(0);
    const history = (await db.query(`SELECT action FROM pairing_actions WHERE pairing_id = $1 ORDER BY created_at`, [
      w.pairing.id,
    ])) as { action: string }[];
    expect(history.map((h) => h.action)).toEqual(['nudge', 'nudge', 'nudges_unanswered']);

    // The email itself: from the pair's address, to the mentee only, saying the partner is not told.
    const [first] = await nudgesTo(w.mentee.id);
    await running.app.get(OutboxService).send(first.id);
    const mail = (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === w.mentee.email.toLowerCase());
    expect(mail?.parsed.subject).toBe('Maria Mentor would love to hear from you');
    expect(mail?.parsed.from?.value[0].address).toBe(w.pairing.relayAddress);
    expect(mail?.parsed.text).toContain('Maria Mentor is not told that you got it');
    expect(mail?.parsed.text).not.toContain(w.mentor.email);
  });

  it('a reply ends the reminders, and the new debt is the partner’s', async () => {
    const w = await owing();
    await tickAt('2026-03-06T14:00:00Z');
    expect(await nudgesTo(w.mentee.id)).toHaveLength(1);
    await write(db, w, w.mentee.id, new Date('2026-03-07T10:00:00Z'));
    await tickAt('2026-03-10T13:00:00Z');
    expect(await nudgesTo(w.mentee.id)).toHaveLength(1);
    // Day 4 after the mentee's reply is 11 March 10:00 UTC, past 09:00 in Berlin (CET, 08:00 UTC):
    // the first local 09:00 after it is on 12 March.
    await tickAt('2026-03-11T10:00:00Z');
    expect(await nudgesTo(w.mentor.id)).toHaveLength(0);
    await tickAt('2026-03-12T08:00:00Z');
    expect(await nudgesTo(w.mentor.id)).toHaveLength(1);
  });

  it('never reaches someone paused, opted out or suppressed, nor a paused pairing', async () => {
    const paused = await owing();
    await db.query(`UPDATE participants SET paused_until = '2026-04-30' WHERE id = $1`, [paused.mentee.id]);
    const optedOut = await owing();
    await db.query(`UPDATE participants SET prompts_stopped_at = $2, prompts_stopped_via = 'command' WHERE id = $1`, [
      optedOut.mentee.id,
      T0,
    ]);
    const suppressed = await owing();
    await running.app.get(SuppressionService).suppress(suppressed.mentee.email, 'hard bounce', 'dsn');
    const pausedPair = await owing();
    await db.query(`UPDATE pairings SET status = 'paused' WHERE id = $1`, [pausedPair.pairing.id]);
    for (const at of ['2026-03-06T14:00:00Z', '2026-03-10T13:00:00Z', '2026-03-14T13:00:00Z']) await tickAt(at);
    for (const w of [paused, optedOut, suppressed, pausedPair]) {
      expect(await nudgesTo(w.mentee.id)).toHaveLength(0);
      expect(await nudgesTo(w.mentor.id)).toHaveLength(0);
    }
  });

  it('is not sent when the pairing has ended or paused since it was queued', async () => {
    const ended = await owing();
    const paused = await owing();
    await tickAt('2026-03-06T14:00:00Z');
    const ids = [(await nudgesTo(ended.mentee.id))[0].id, (await nudgesTo(paused.mentee.id))[0].id];
    await db.query(`UPDATE pairings SET status = 'ended', ended_at = now(), end_reason = 'staff' WHERE id = $1`, [
      ended.pairing.id,
    ]);
    await db.query(`UPDATE pairings SET status = 'paused' WHERE id = $1`, [paused.pairing.id]);
    for (const id of ids) await running.app.get(OutboxService).send(id);

    const rows = (await db.query(`SELECT status, reason FROM deliveries WHERE id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], id)`, [
      ids,
    ])) as { status: string; reason: string }[];
    expect(rows).toEqual([
      { status: 'skipped', reason: 'pairing_ended' },
      { status: 'skipped', reason: 'pairing_paused' },
    ]);
    const mail = (await readOutbox(env.outboxDir)).map((m) => toAddress(m.parsed));
    expect(mail).not.toContain(ended.mentee.email.toLowerCase());
    expect(mail).not.toContain(paused.mentee.email.toLowerCase());
  });
});
