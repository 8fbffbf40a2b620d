import { DataSource } from 'typeorm';
import { AttentionService } from '../../src/attention/attention.service';
import type { AttentionSignal } from '../../src/attention/signals';
import { SignalsRepository } from '../../src/attention/signals.repository';
import type { RunningApp } from '../../src/bootstrap';
import { PairingHealthRepository } from '../../src/admin/repositories/pairing-health.repository';
import { SuppressionService } from '../../src/outbound/feedback/suppression.service';
import { CLOCK } from '../../src/prompts/clock';
import { write } from '../admin/prompt-rows';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { FakeClock } from '../prompts/fake-clock';
import { TestEnv } from '../support/test-env';
import { held, plus, sentWelcome, vote } from './attention-rows';

jest.setTimeout(90_000);

/**
 * Each signal of the work queue at a moved clock: silent just before its threshold, present just
 * after, with the programme's own thresholds. Rows are written as the pipeline leaves them.
 */
describe('attention signals, with a fake clock', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let repo: SignalsRepository;
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));
  const T0 = new Date('2026-03-01T12:00:00Z');

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000', ROLES: 'api' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    repo = running.app.get(SignalsRepository);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const signalsAt = async (w: PairingWorld, at: Date): Promise<AttentionSignal[]> =>
    (await repo.signals(at, { pairingId: w.pairing.id })).map((r) => r.signal).sort();
  const world = () => createPairingWorld(running.app);

  it('no first exchange: counted from the first welcome actually sent, not from the pairing', async () => {
    const w = await world();
    // Created long ago, nothing sent yet: no clock is running (the old rule fired here).
    await db.query(`UPDATE pairings SET created_at = $2 WHERE id = $1`, [w.pairing.id, plus(T0, -60)]);
    await sentWelcome(db, w, null);
    expect(await signalsAt(w, T0)).toEqual([]);
    const oldRules = await running.app.get(PairingHealthRepository).list({ programmeId: w.programme.id });
    expect(oldRules[0].reasons).not.toContain('no_two_way_exchange');

    await sentWelcome(db, w, T0);
    expect(await signalsAt(w, plus(T0, 10, -60_000))).toEqual([]);
    expect(await signalsAt(w, plus(T0, 10))).toEqual(['no_first_exchange']);
    // One side wrote: still no exchange.
    await write(db, w, w.mentor.id, plus(T0, 2));
    expect(await signalsAt(w, plus(T0, 10))).toEqual(['no_first_exchange']);
    // Both did: gone.
    await write(db, w, w.mentee.id, plus(T0, 11));
    expect(await signalsAt(w, plus(T0, 11, 1000))).toEqual([]);
  });

  it('a programme threshold moves the day: first exchange by day 3', async () => {
    const w = await world();
    await db.query(`UPDATE programmes SET first_exchange_days = 3 WHERE id = $1`, [w.programme.id]);
    await sentWelcome(db, w, T0, 'prompt');
    expect(await signalsAt(w, plus(T0, 3, -1000))).toEqual([]);
    expect(await signalsAt(w, plus(T0, 3))).toEqual(['no_first_exchange']);
  });

  it('a reply owed for more than 14 days, naming who owes it', async () => {
    const w = await world();
    await write(db, w, w.mentor.id, T0);
    await write(db, w, w.mentee.id, plus(T0, 1));
    expect(await signalsAt(w, plus(T0, 15))).toEqual([]);
    const late = await repo.signals(plus(T0, 15, 1000), { pairingId: w.pairing.id });
    expect(late.map((r) => [r.signal, r.participantId])).toEqual([['reply_owed', w.mentor.id]]);
    expect(late[0].since).toEqual(plus(T0, 1));
  });

  it('one-sided: three unanswered messages in a row, not two; an answer resets it', async () => {
    const w = await world();
    await write(db, w, w.mentee.id, T0);
    await write(db, w, w.mentor.id, plus(T0, 1));
    await write(db, w, w.mentor.id, plus(T0, 2));
    expect(await signalsAt(w, plus(T0, 3))).toEqual([]);
    await write(db, w, w.mentor.id, plus(T0, 3));
    const rows = await repo.signals(plus(T0, 3, 1000), { pairingId: w.pairing.id });
    expect(rows.map((r) => [r.signal, r.participantId, r.since])).toEqual([
      ['one_sided', w.mentee.id, plus(T0, 3)],
    ]);
    await write(db, w, w.mentee.id, plus(T0, 4));
    expect(await signalsAt(w, plus(T0, 4, 1000))).toEqual([]);
  });

  it('a pulse or close-survey score of 2 or lower, with its comment; a later better score clears it', async () => {
    const w = await world();
    await write(db, w, w.mentor.id, T0);
    await write(db, w, w.mentee.id, T0);
    await vote(db, w, w.mentee.id, { score: 3, at: plus(T0, 1) });
    expect(await signalsAt(w, plus(T0, 2))).toEqual([]);
    await vote(db, w, w.mentee.id, { score: 2, at: plus(T0, 3), comment: 'we never talk' });
    expect(await signalsAt(w, plus(T0, 3, -1000))).toEqual([]);
    const low = await repo.signals(plus(T0, 3), { pairingId: w.pairing.id });
    expect(low.map((r) => [r.signal, r.participantId, r.detail])).toEqual([
      ['low_score', w.mentee.id, 'score 2: we never talk'],
    ]);
    await vote(db, w, w.mentor.id, { score: 1, at: plus(T0, 4), key: 'close-survey' });
    expect((await repo.signals(plus(T0, 4), { pairingId: w.pairing.id })).length).toBe(2);
    await vote(db, w, w.mentee.id, { score: 5, at: plus(T0, 5) });
    expect(
      (await repo.signals(plus(T0, 5), { pairingId: w.pairing.id })).map((r) => r.participantId),
    ).toEqual([w.mentor.id]);
  });

  it('a suppressed member is a delivery problem; a member’s own opt-out is not', async () => {
    const w = await world();
    await write(db, w, w.mentor.id, T0);
    await write(db, w, w.mentee.id, T0);
    // #stop: prompts to them are then recorded `suppressed` with "prompts stopped" (the old false positive).
    await db.query(
      `UPDATE participants SET prompts_stopped_at = $2, prompts_stopped_via = 'command' WHERE id = $1`,
      [w.mentee.id, T0],
    );
    await db.query(
      `INSERT INTO deliveries (dedupe_key, kind, status, reason, pairing_id, recipient_id, to_address, message_id)
       VALUES ('test:optout:' || $1, 'prompt', 'suppressed', 'prompts stopped', $1::uuid, $2, $3, gen_random_uuid())`,
      [w.pairing.id, w.mentee.id, w.mentee.email],
    );
    expect(await signalsAt(w, plus(T0, 1))).toEqual([]);
    expect(await signalsAt(w, new Date())).not.toContain('delivery_problem');
    // The old rules (the dashboard's counts) read the database's clock.
    const oldRules = await running.app.get(PairingHealthRepository).list({ programmeId: w.programme.id });
    expect(oldRules[0].reasons).not.toContain('delivery_failed');

    await running.app.get(SuppressionService).suppress(w.mentor.email, 'hard bounce', 'dsn');
    const rows = (await repo.signals(new Date(), { pairingId: w.pairing.id })).filter(
      (r) => r.signal === 'delivery_problem',
    );
    expect(rows.map((r) => [r.signal, r.participantId, r.detail])).toEqual([
      ['delivery_problem', w.mentor.id, 'address suppressed: hard bounce'],
    ]);
  });

  it('a moderation hold, from the time the mail was held', async () => {
    const w = await world();
    await held(db, w, plus(T0, 1));
    const rows = await repo.signals(plus(T0, 2), { pairingId: w.pairing.id });
    expect(rows.map((r) => [r.signal, r.since])).toEqual([['moderation_hold', plus(T0, 1)]]);
  });

  it('a long silence after activity (21 days), never for a pair that never wrote', async () => {
    const w = await world();
    expect(await signalsAt(w, plus(T0, 100))).toEqual([]);
    await db.query(`UPDATE programmes SET owed_reply_days = 60 WHERE id = $1`, [w.programme.id]);
    await write(db, w, w.mentor.id, T0);
    await write(db, w, w.mentee.id, plus(T0, 1));
    expect(await signalsAt(w, plus(T0, 22, -1000))).toEqual([]);
    expect(await signalsAt(w, plus(T0, 22))).toEqual(['long_silence']);
  });

  it('a paused or ended pairing has no signals', async () => {
    const w = await world();
    await sentWelcome(db, w, T0);
    await db.query(`UPDATE pairings SET status = 'paused' WHERE id = $1`, [w.pairing.id]);
    expect(await signalsAt(w, plus(T0, 30))).toEqual([]);
  });

  it("a guardian's withdrawn consent: on the paused pair, naming the member, until consent again or the end", async () => {
    const w = await world();
    await db.query(
      `INSERT INTO participant_profiles (participant_id, programme_id, confirm_token, age, guardian_consented_at)
       VALUES ($1, $2, $3, 14, $4)`,
      [w.mentee.id, w.programme.id, `withdrawn${w.pairing.id.slice(0, 8)}`, plus(T0, -10)],
    );
    expect(await signalsAt(w, plus(T0, 2))).toEqual([]);
    // Withdrawing pauses the pair (a paused pairing has no other signal): this one is still staff's.
    await db.query(
      `UPDATE participant_profiles SET guardian_consented_at = NULL, guardian_consent_withdrawn_at = $2
        WHERE participant_id = $1`,
      [w.mentee.id, plus(T0, 1)],
    );
    await db.query(`UPDATE pairings SET status = 'paused' WHERE id = $1`, [w.pairing.id]);
    expect(await signalsAt(w, plus(T0, 1, -1000))).toEqual([]);
    const rows = await repo.signals(plus(T0, 2), { pairingId: w.pairing.id });
    expect(rows.map((r) => [r.signal, r.since, r.participantId, r.kind])).toEqual([
      ['consent_withdrawn', plus(T0, 1), w.mentee.id, 'pair'],
    ]);
    // Consent given again: no longer a signal (resuming is staff's choice).
    await db.query(
      `UPDATE participant_profiles SET guardian_consented_at = $2, guardian_consent_withdrawn_at = NULL
        WHERE participant_id = $1`,
      [w.mentee.id, plus(T0, 3)],
    );
    expect(await signalsAt(w, plus(T0, 4))).toEqual([]);
    // Withdrawn again, then ended by staff: nothing left to decide.
    await db.query(
      `UPDATE participant_profiles SET guardian_consented_at = NULL, guardian_consent_withdrawn_at = $2
        WHERE participant_id = $1`,
      [w.mentee.id, plus(T0, 5)],
    );
    expect(await signalsAt(w, plus(T0, 6))).toEqual(['consent_withdrawn']);
    await db.query(`UPDATE pairings SET status = 'ended', ended_at = $2 WHERE id = $1`, [
      w.pairing.id,
      plus(T0, 6),
    ]);
    expect(await signalsAt(w, plus(T0, 7))).toEqual([]);
  });

  it("a mentor's missing screening: on the live pair of a programme that screens mentors, until recorded", async () => {
    const w = await world();
    await db.query(`UPDATE pairings SET created_at = $2 WHERE id = $1`, [w.pairing.id, plus(T0, -5)]);
    // The programme does not screen mentors: nothing to do.
    expect(await signalsAt(w, T0)).toEqual([]);
    await db.query(`UPDATE programmes SET screening_required = true WHERE id = $1`, [w.programme.id]);
    const rows = await repo.signals(T0, { pairingId: w.pairing.id });
    expect(rows.map((r) => [r.signal, r.since, r.participantId, r.detail])).toEqual([
      ['screening_missing', plus(T0, -5), w.mentor.id, 'background check and training not recorded'],
    ]);
    await db.query(`UPDATE participants SET background_checked_at = $2 WHERE id = $1`, [w.mentor.id, T0]);
    expect((await repo.signals(T0, { pairingId: w.pairing.id })).map((r) => r.detail)).toEqual([
      'training not recorded',
    ]);
    await db.query(`UPDATE participants SET trained_at = $2 WHERE id = $1`, [w.mentor.id, T0]);
    expect(await signalsAt(w, plus(T0, 1))).toEqual([]);
    // Staff cleared the training (which pauses the pair): the signal is back, since the clearing.
    await db.query(`UPDATE participants SET trained_at = NULL, screening_cleared_at = $2 WHERE id = $1`, [
      w.mentor.id,
      plus(T0, 2),
    ]);
    await db.query(`UPDATE pairings SET status = 'paused' WHERE id = $1`, [w.pairing.id]);
    expect(await signalsAt(w, plus(T0, 2, -1000))).toEqual([]);
    expect(
      (await repo.signals(plus(T0, 3), { pairingId: w.pairing.id })).map((r) => [r.signal, r.since]),
    ).toEqual([['screening_missing', plus(T0, 2)]]);
    await db.query(`UPDATE pairings SET status = 'ended', ended_at = $2 WHERE id = $1`, [
      w.pairing.id,
      plus(T0, 4),
    ]);
    expect(await signalsAt(w, plus(T0, 5))).toEqual([]);
  });

  it('the queue leaves out what staff resolved since it began, and what is snoozed, until the snooze ends', async () => {
    const w = await world();
    await held(db, w, T0);
    const queue = running.app.get(AttentionService);
    clock.set(plus(T0, 1).toISOString());
    expect((await queue.queue({ pairingId: w.pairing.id })).map((i) => i.signal)).toEqual([
      'moderation_hold',
    ]);
    await db.query(
      `INSERT INTO pairing_actions (pairing_id, action, signal, snoozed_until, created_at)
       VALUES ($1, 'snooze', 'moderation_hold', $2, $3)`,
      [w.pairing.id, plus(T0, 3), plus(T0, 1)],
    );
    expect(await queue.queue({ pairingId: w.pairing.id })).toEqual([]);
    expect((await queue.healthScores({ programmeId: w.programme.id })).get(w.pairing.id)?.score).toBe(60);
    clock.set(plus(T0, 3).toISOString());
    expect((await queue.queue({ pairingId: w.pairing.id })).map((i) => i.signal)).toEqual([
      'moderation_hold',
    ]);
    expect((await queue.snoozedAndDue(plus(T0, 2))).map((i) => i.pairingId)).toEqual([w.pairing.id]);
    await db.query(
      `INSERT INTO pairing_actions (pairing_id, action, signal, note, created_at)
       VALUES ($1, 'resolve', 'moderation_hold', 'talked to them', $2)`,
      [w.pairing.id, plus(T0, 3)],
    );
    expect(await queue.queue({ pairingId: w.pairing.id })).toEqual([]);
    expect((await queue.healthScores({ programmeId: w.programme.id })).get(w.pairing.id)).toBeUndefined();
  });
});
