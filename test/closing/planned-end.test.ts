import { DataSource, Like } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { PairingAdminService } from '../../src/admin/services/pairing-admin.service';
import { Transactor } from '../../src/database/transactor';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { Pairing } from '../../src/programs/entities/pairing.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { PollVote } from '../../src/prompts/entities/poll-vote.entity';
import { LettersRepository } from '../../src/prompts/letters/letters.repository';
import { PromptIssuer } from '../../src/prompts/schedule/prompt-issuer';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { FakeClock } from '../prompts/fake-clock';
import { readOutbox, toAddress } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

jest.setTimeout(40_000);

const bare = (id?: string) => (id ?? '').replace(/^<|>$/g, '');

/**
 * A programme's planned end (ends_on 30 April 2026) walked with the fake clock: "two weeks left",
 * the closing reflection with the letter returned, the close survey answered by reply (staff
 * only), then the read-only ending, each step at its date and once.
 */
describe('the planned end of a programme', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let world: PairingWorld;
  /** A second pair of the programme, paused by staff when the end comes. */
  let paused: PairingWorld;
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));
  const LETTER = 'Dear me in April: did you send the portfolio to three studios?';

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    const programme = await running.app
      .get(ProgramsService)
      .createProgramme(`Spring Cohort ${Date.now()}`, { endsOn: '2026-04-30' });
    world = await createPairingWorld(running.app, { programme });
    paused = await createPairingWorld(running.app, { programme });
    await running.app.get(PairingAdminService).act(paused.pairing.id, 'pause');
    // Tom wrote a letter to his future self in week 3.
    await running.app.get(Transactor).run(async (tx) => {
      const to = { participantId: world.mentee.id, pairingId: world.pairing.id, email: world.mentee.email };
      await running.app.get(PromptIssuer).issue(tx, to, { week: 3, item: 1 }, 'letter-to-future-self', clock.now());
      const [{ id }] = (await tx.query(
        `SELECT id FROM pairing_prompts WHERE pairing_id = $1 AND prompt_key = 'letter-to-future-self'`,
        [world.pairing.id],
      )) as { id: string }[];
      await running.app.get(LettersRepository).upsert(
        { participantId: world.mentee.id, pairingId: world.pairing.id, pairingPromptId: id, text: LETTER, writtenAt: clock.now() },
        tx,
      );
    });
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const tick = (iso: string) => running.app.get(ScheduleTickService).tick(clock.set(iso));
  const keys = async (like: string) =>
    (await db.getRepository(Delivery).findBy({ pairingId: world.pairing.id, dedupeKey: Like(like) })).map(
      (d) => d.dedupeKey,
    );
  const mailTo = async (address: string) =>
    (await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === address);
  const find = (address: string, subject: RegExp) =>
    waitFor(async () => (await mailTo(address)).find((m) => subject.test(m.parsed.subject ?? '')));

  it('says "two weeks left" 14 days before the end date, once, with the date the pair closes', async () => {
    await tick('2026-04-15T12:00:00Z');
    expect(await keys('planned-end:%')).toEqual([]);
    await tick('2026-04-16T12:00:00Z');
    await tick('2026-04-16T13:00:00Z');
    expect((await keys('planned-end:%')).sort()).toEqual(
      [world.mentor.id, world.mentee.id].map((id) => `planned-end:${world.pairing.id}:2026-04-30:two-weeks-left:${id}`).sort(),
    );
    // The curriculum's own "two weeks left" is not sent beside it.
    expect(await keys('ending:%')).toEqual([]);
    const mail = await find(world.mentee.email, /^Two weeks left with Maria Mentor$/);
    expect(mail.parsed.text).toContain('your pair with Maria Mentor closes on Thursday 30 April 2026');
    expect(mail.parsed.text).toContain('a closing reflection, a one-question survey, and any letter you wrote');
  });

  it('sends the closing reflection with the returned letter a week before, the letter only to its author', async () => {
    await tick('2026-04-23T12:00:00Z');
    expect((await keys('prompt:%:12.0:%')).length).toBe(2);
    expect(await keys('letter:%')).toHaveLength(1);
    const letter = await find(world.mentee.email, /^A letter from you/);
    expect(letter.parsed.text).toContain(LETTER);
    expect((await mailTo(world.mentor.email)).some((m) => m.parsed.text?.includes('portfolio'))).toBe(false);
  });

  it('sends the close survey 4 days before; its score and why reach staff only', async () => {
    await tick('2026-04-26T12:00:00Z');
    const survey = await find(world.mentee.email, /One last question/);
    expect(survey.parsed.text).toContain('from 1 (poor) to 5 (excellent)');
    expect(survey.parsed.text).toContain('Only your programme staff see your individual answer');
    const reply = buildEmail({
      from: world.mentee.email,
      to: world.pairing.relayAddress,
      subject: `Re: ${survey.parsed.subject}`,
      inReplyTo: bare(survey.parsed.messageId),
      references: [bare(survey.parsed.messageId)],
      text: '4 - Maria was great, but the prompts came too often for my exams.',
    });
    await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, {
      from: world.mentee.email,
      to: [world.pairing.relayAddress],
      raw: reply.raw,
    });
    const row = await waitFor(async () => {
      const r = await db.getRepository(InboundEmail).findOneBy({ messageId: reply.messageId });
      return r && r.status !== 'received' ? r : null;
    });
    expect(row.status).toBe('accepted');
    const [vote] = await db.getRepository(PollVote).findBy({ participantId: world.mentee.id });
    expect([vote.optionIndex + 1, vote.comment]).toEqual([4, 'Maria was great, but the prompts came too often for my exams.']);
    expect(await db.getRepository(Delivery).findBy({ kind: 'relay', pairingId: world.pairing.id })).toEqual([]);
    expect((await mailTo(world.mentor.email)).some((m) => m.parsed.text?.includes('too often'))).toBe(false);
  });

  it('ends the pair the day after the end date, tells both kindly, and answers later mail with a notice', async () => {
    const held = buildEmail({ from: paused.mentee.email, to: paused.pairing.relayAddress, subject: 'While paused', text: 'Hello?' });
    await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, {
      from: paused.mentee.email,
      to: [paused.pairing.relayAddress],
      raw: held.raw,
    });
    const status = (messageId: string, not: string) =>
      waitFor(async () => {
        const r = await db.getRepository(InboundEmail).findOneBy({ messageId });
        return r && r.status !== 'received' && r.status !== not ? r : null;
      });
    expect((await status(held.messageId, 'received')).reason).toBe('pairing_paused');
    await tick('2026-04-30T23:00:00Z');
    expect((await db.getRepository(Pairing).findOneByOrFail({ id: world.pairing.id })).status).toBe('active');
    await tick('2026-05-01T00:30:00Z');
    const ended = await db.getRepository(Pairing).findOneByOrFail({ id: world.pairing.id });
    expect([ended.status, ended.endReason]).toEqual(['ended', 'planned-end']);
    for (const [member, partner] of [
      [world.mentor, 'Tom Mentee'],
      [world.mentee, 'Maria Mentor'],
    ] as const) {
      const mail = await find(member.email, new RegExp(`^Your mentoring pair with ${partner} has closed$`));
      expect(mail.parsed.text).toContain('has reached its planned end');
    }
    await tick('2026-05-02T00:30:00Z');
    expect(await keys('ended:%')).toHaveLength(2);
    // The paused pair ended too, and the mail it held is answered instead of waiting for ever.
    const released = await status(held.messageId, 'held');
    expect([released.status, released.reason]).toEqual(['rejected', 'pairing_not_active']);

    const late = buildEmail({ from: world.mentor.email, to: world.pairing.relayAddress, subject: 'One more thing', text: 'Hi!' });
    await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, {
      from: world.mentor.email,
      to: [world.pairing.relayAddress],
      raw: late.raw,
    });
    const notice = await find(world.mentor.email, /^Not delivered/);
    expect(notice.parsed.text).toContain('Your mentoring pair has been closed');
    expect(await db.getRepository(Delivery).findBy({ kind: 'relay', pairingId: world.pairing.id })).toEqual([]);
  });
});
