import { DataSource, Like } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { ErasureRepository } from '../../src/admin/people/erasure.repository';
import { Transactor } from '../../src/database/transactor';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { SuppressionService } from '../../src/outbound/feedback/suppression.service';
import { ProgramsRepository } from '../../src/programs/programs.repository';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { LettersRepository } from '../../src/prompts/letters/letters.repository';
import { PreferencesRepository } from '../../src/prompts/preferences.repository';
import { PromptIssuer } from '../../src/prompts/schedule/prompt-issuer';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { FakeClock } from './fake-clock';

// Real PostgreSQL and Redis, many ticks: allow more than Jest's 5 s default.
jest.setTimeout(60_000);

/**
 * A letter to your future self is the person's own words: a pause of theirs around the week it
 * comes back only delays it, to the first tick after the pause, even past the programme's end.
 * Mentees in New York, Tuesdays 09:00 (13:00Z); week 12 starts on Tuesday 19 May 2026.
 */
describe('a letter that falls due during its author’s pause', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  /** Paused over week 12 and past the curriculum's end. */
  let held: PairingWorld;
  /** Paused over week 12; their address bounces during the pause. */
  let bounced: PairingWorld;
  /** Paused over week 12; erased during the pause. */
  let erased: PairingWorld;
  /** A programme ending on 30 April 2026: paused over the closing reflection and the end. */
  let planned: PairingWorld;
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    held = await createPairingWorld(running.app);
    bounced = await createPairingWorld(running.app);
    erased = await createPairingWorld(running.app);
    const programme = await running.app
      .get(ProgramsService)
      .createProgramme(`Spring Cohort ${Date.now()}`, { endsOn: '2026-04-30' });
    planned = await createPairingWorld(running.app, { programme });
    await running.app.get(ScheduleTickService).tick(clock.now());
    for (const w of [held, bounced, erased, planned]) await writeLetter(w);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const textOf = (w: PairingWorld) => `Dear me, this is ${w.mentee.email} writing in week 3.`;

  /** The mentee's week-3 letter, kept as the letter hook keeps a reply. */
  async function writeLetter(w: PairingWorld): Promise<void> {
    await running.app.get(Transactor).run(async (tx) => {
      const to = { participantId: w.mentee.id, pairingId: w.pairing.id, email: w.mentee.email };
      const [prompt] = await running.app
        .get(PromptIssuer)
        .issue(tx, to, { week: 3, item: 1 }, 'letter-to-future-self', clock.now());
      await running.app.get(LettersRepository).upsert(
        {
          participantId: w.mentee.id,
          pairingId: w.pairing.id,
          pairingPromptId: String(prompt.payload!.pairingPromptId),
          text: textOf(w),
          writtenAt: clock.now(),
        },
        tx,
      );
    });
  }

  const tick = (iso: string) => running.app.get(ScheduleTickService).tick(clock.set(iso));
  const pause = (w: PairingWorld, until: string) =>
    running.app.get(PreferencesRepository).setPausedUntil(w.mentee.id, new Date(until));
  const letterRows = (w: PairingWorld) =>
    db.getRepository(Delivery).findBy({ pairingId: w.pairing.id, dedupeKey: Like('letter:%') });
  const lettersIn = async (w: PairingWorld) =>
    (await readOutbox(env.outboxDir)).filter((m) => (m.parsed.text ?? '').includes(textOf(w)));
  /** Every delivery of the pairing has left the outbox (sent, skipped, suppressed or failed). */
  const drained = (w: PairingWorld) =>
    waitFor(async () => {
      const rows: { n: string }[] = await db.query(
        `SELECT count(*) AS n FROM deliveries WHERE pairing_id = $1 AND status IN ('queued', 'sending')`,
        [w.pairing.id],
      );
      return Number(rows[0].n) === 0;
    });

  it('planned end: a letter due at the closing reflection during a pause goes after the pause, the pair already ended', async () => {
    await tick('2026-04-20T12:00:00Z');
    await pause(planned, '2026-05-14T12:00:00Z');
    // The closing reflection (7 days before the end), the survey, the end the day after 30 April.
    for (const at of [
      '2026-04-23T12:00:00Z',
      '2026-04-27T12:00:00Z',
      '2026-05-01T12:00:00Z',
      '2026-05-14T11:00:00Z',
    ])
      await tick(at);
    await drained(planned);
    expect((await letterRows(planned)).filter((d) => d.status !== 'skipped')).toEqual([]);
    expect(await lettersIn(planned)).toEqual([]);

    await tick('2026-05-14T13:00:00Z');
    const [mail] = await waitFor(async () => {
      const found = await lettersIn(planned);
      return found.length ? found : null;
    });
    expect(toAddress(mail.parsed)).toBe(planned.mentee.email);
    expect(mail.parsed.subject).toMatch(/^A letter from you/);
    expect(await letterRows(planned)).toMatchObject([{ status: 'sent', recipientId: planned.mentee.id }]);
  });

  it('curriculum: a pause from week 11 past the last week holds the letter; it goes at the first tick after the pause', async () => {
    await pause(held, '2026-06-02T12:00:00Z');
    await pause(bounced, '2026-06-09T12:00:00Z');
    await pause(erased, '2026-06-16T12:00:00Z');
    // Week 12's three items (19, 21, 23 May), then nothing more is scheduled.
    for (const at of [
      '2026-05-19T13:00:30Z',
      '2026-05-21T13:00:30Z',
      '2026-05-23T13:00:30Z',
      '2026-06-01T13:00:00Z',
    ])
      await tick(at);
    await drained(held);
    expect(await letterRows(held)).toEqual([]);
    expect(await lettersIn(held)).toEqual([]);
    // Staff see why it has not gone yet.
    expect(
      await db
        .getRepository(Delivery)
        .findBy({ pairingId: held.pairing.id, dedupeKey: Like('letter-held:%') }),
    ).toMatchObject([{ status: 'skipped', reason: 'paused', recipientId: held.mentee.id }]);

    await tick('2026-06-02T12:30:00Z');
    const [mail] = await waitFor(async () => {
      const found = await lettersIn(held);
      return found.length ? found : null;
    });
    expect(toAddress(mail.parsed)).toBe(held.mentee.email);
    expect(mail.parsed.text).toMatch(/week 3/);
    expect(await letterRows(held)).toMatchObject([{ status: 'sent', recipientId: held.mentee.id }]);
  });

  it('returns a held letter exactly once, however many ticks run after the pause, together or not', async () => {
    await Promise.all([tick('2026-06-02T13:30:00Z'), tick('2026-06-02T13:30:00Z')]);
    await tick('2026-06-03T13:00:00Z');
    await drained(held);
    expect(await letterRows(held)).toHaveLength(1);
    expect(await lettersIn(held)).toHaveLength(1);
    // The planned-end letter, released three weeks ago, did not go again either.
    expect(await letterRows(planned)).toHaveLength(1);
    expect(await lettersIn(planned)).toHaveLength(1);
  });

  it('never sends a held letter to an address that bounced during the pause', async () => {
    await running.app
      .get(SuppressionService)
      .suppress(bounced.mentee.email, 'permanent bounce (General)', 'ses');
    await tick('2026-06-09T13:00:00Z');
    await drained(bounced);
    const rows = await letterRows(bounced);
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toMatch(/^(suppressed|skipped)$/);
    expect(rows[0].sentAt).toBeNull();
    expect(await lettersIn(bounced)).toEqual([]);
  });

  it('never sends a held letter to a person erased during the pause', async () => {
    const p = erased.mentee;
    await running.app.get(Transactor).run(async (tx) => {
      await running.app.get(ProgramsRepository).endPairing(erased.pairing.id, 'staff', clock.now(), tx);
      await running.app
        .get(ErasureRepository)
        .erase({ id: p.id, names: [p.name], addresses: [p.email], pairingIds: [erased.pairing.id] }, tx);
    });
    await tick('2026-06-16T13:00:00Z');
    await drained(erased);
    expect(await letterRows(erased)).toEqual([]);
    expect(await lettersIn(erased)).toEqual([]);
    expect(
      (await readOutbox(env.outboxDir))
        .filter((m) => toAddress(m.parsed) === p.email)
        .some((m) => /^A letter from you/.test(m.parsed.subject ?? '')),
    ).toBe(false);
  });
});
