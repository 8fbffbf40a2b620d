import * as cheerio from 'cheerio';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { Participant } from '../../src/programs/entities/participant.entity';
import { CLOCK } from '../../src/prompts/clock';
import { Schedule } from '../../src/prompts/entities/schedule.entity';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { FakeClock } from './fake-clock';

const bare = (id: string | undefined) => (id ?? '').replace(/[<>]/g, '');

// Real PostgreSQL, Redis and SMTP on a shared machine: allow more than Jest's 5 s default.
jest.setTimeout(60_000);

/**
 * Week 1's "best reply day" poll promises "from next week your prompts arrive on the day you
 * choose". A vote, by reply or by one-tap link, moves the voter's own prompts to that weekday at
 * the programme's hour in their zone; the partner keeps the programme's day.
 */
describe('the best reply day poll', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let db: DataSource;
  let tick: ScheduleTickService;
  let polls: { mentor: OutboxEmail; mentee: OutboxEmail };
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000', POLL_OPEN_DAYS: '7' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    tick = running.app.get(ScheduleTickService);
    world = await createPairingWorld(running.app); // mentor Berlin, mentee New York; Tuesdays 09:00
    await tick.tick(clock.now());
    // Saturday 7 March, week 1's day 4: the poll, 09:00 in Berlin (08:00Z) and New York (14:00Z).
    await tick.tick(clock.set('2026-03-07T08:00:05Z'));
    await tick.tick(clock.set('2026-03-07T14:00:05Z'));
    const poll = (address: string) =>
      waitFor(async () =>
        (await readOutbox(env.outboxDir)).find(
          (m) =>
            toAddress(m.parsed) === address &&
            /^Quick poll: Your best reply day/.test(m.parsed.subject ?? ''),
        ),
      );
    polls = { mentor: await poll(world.mentor.email), mentee: await poll(world.mentee.email) };
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const nextPrompt = async (participantId: string) => {
    const row = await db.getRepository(Schedule).findOneByOrFail({ participantId, stream: 'prompt' });
    return { week: row.week, item: row.item, at: row.nextRunAt?.toISOString() };
  };

  const promptSteps = async (participantId: string) =>
    (
      await db
        .getRepository(Delivery)
        .find({ where: { kind: 'prompt', recipientId: participantId }, order: { createdAt: 'ASC' } })
    )
      .filter((d) => d.status !== 'skipped')
      .map((d) => d.dedupeKey.split(':')[2]);

  it('says what a vote does: from next week, the day chosen', () => {
    for (const mail of [polls.mentor, polls.mentee]) {
      const text = (mail.parsed.text ?? '').replace(/\s+/g, ' ');
      expect(text).toContain('Which day would you like your weekly prompt to arrive?');
      expect(text).toContain('From next week your prompts arrive on the day you choose');
      expect(text).toMatch(/1\. Monday[\s\S]*4\. Thursday[\s\S]*7\. Sunday/);
    }
  });

  it('moves the voter’s next prompt to Thursday at 09:00 in their zone; the partner keeps Tuesday', async () => {
    expect(await nextPrompt(world.mentee.id)).toEqual({ week: 2, item: 0, at: '2026-03-10T13:00:00.000Z' });
    clock.set('2026-03-07T16:00:00Z');
    const reply = buildEmail({
      from: world.mentee.email,
      to: world.pairing.relayAddress,
      subject: `Re: ${polls.mentee.parsed.subject}`,
      inReplyTo: bare(polls.mentee.parsed.messageId),
      references: [bare(polls.mentee.parsed.messageId)],
      text: '4',
    });
    await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, {
      from: world.mentee.email,
      to: [world.pairing.relayAddress],
      raw: reply.raw,
    });
    const row = await waitFor(async () => {
      const found = await db.getRepository(InboundEmail).findOneBy({ messageId: reply.messageId });
      return found && found.status !== 'received' ? found : null;
    });
    expect(row).toMatchObject({ status: 'accepted', reason: 'poll_vote' });
    expect(row.detail).toContain('prompts on Thursdays');
    expect(await db.getRepository(Participant).findOneByOrFail({ id: world.mentee.id })).toMatchObject({
      sendWeekday: 4,
    });
    // Thursday 12 March, 09:00 EDT (New York moved its clocks on 8 March).
    expect(await nextPrompt(world.mentee.id)).toEqual({ week: 2, item: 0, at: '2026-03-12T13:00:00.000Z' });
    // Confirmed to the voter alone, with the day and the moved prompt's local time.
    const confirmation = await waitFor(async () =>
      (await readOutbox(env.outboxDir)).find(
        (m) =>
          toAddress(m.parsed) === world.mentee.email && m.parsed.subject === 'Your prompts move to Thursdays',
      ),
    );
    const said = (confirmation.parsed.text ?? '').replace(/\s+/g, ' ');
    expect(said).toContain('From next week your weekly prompt arrives on Thursdays');
    expect(said).toMatch(/The next one arrives Thursday,? (12 March|March 12),? at 09:00/);
    expect(said).toContain('Maria Mentor keeps their own day and does not see your answer');
    expect(
      (await readOutbox(env.outboxDir)).filter(
        (m) => toAddress(m.parsed) === world.mentor.email && /move to/.test(m.parsed.subject ?? ''),
      ),
    ).toEqual([]);
    // The mentor did not vote: Tuesday 10 March, 09:00 CET.
    expect(await nextPrompt(world.mentor.id)).toEqual({ week: 2, item: 0, at: '2026-03-10T08:00:00.000Z' });

    expect((await tick.tick(clock.set('2026-03-10T08:00:05Z'))).prompts.sent).toBe(1);
    expect(await promptSteps(world.mentor.id)).toContain('2.0');
    // Nothing for the mentee on the old day, nor before the hour on the new one.
    expect((await tick.tick(clock.set('2026-03-10T13:00:05Z'))).prompts.sent).toBe(0);
    expect((await tick.tick(clock.set('2026-03-12T12:59:00Z'))).prompts.sent).toBe(0);
    expect(await promptSteps(world.mentee.id)).not.toContain('2.0');
    expect((await tick.tick(clock.set('2026-03-12T13:00:05Z'))).prompts.sent).toBe(1);
    expect(await promptSteps(world.mentee.id)).toContain('2.0');
    // The week's second prompt keeps its distance from the first: day 4 is Monday 16 March.
    expect(await nextPrompt(world.mentee.id)).toEqual({ week: 2, item: 1, at: '2026-03-16T13:00:00.000Z' });
    expect(await nextPrompt(world.mentor.id)).toEqual({ week: 2, item: 1, at: '2026-03-14T08:00:00.000Z' });
  });

  it('changes again on a later vote by one-tap link, from the next week, and the page says so', async () => {
    clock.set('2026-03-13T12:00:00Z'); // the poll is open until 14 March
    const links = cheerio
      .load(String(polls.mentee.parsed.html))('a[href*="/v/"]')
      .toArray()
      .map((a) => `${running.httpUrl}${new URL(a.attribs.href).pathname}`);
    expect(links).toHaveLength(7);
    const res = await fetch(links[0], { method: 'POST' }); // Monday
    expect(res.status).toBe(200);
    const page = cheerio
      .load(await res.text())('body')
      .text()
      .replace(/\s+/g, ' ');
    expect(page).toContain('From next week your weekly prompt arrives on Mondays');
    expect(page).toContain('Your partner’s day does not change.');
    // Week 2 is under way: its Monday item stays, week 3 starts on the Monday after it.
    expect(await nextPrompt(world.mentee.id)).toEqual({ week: 2, item: 1, at: '2026-03-16T13:00:00.000Z' });
    // Friday's digest (16:00 in New York) shows the answer and when the next prompt comes.
    await tick.tick(clock.set('2026-03-13T20:00:05Z'));
    const digest = await waitFor(async () =>
      (await readOutbox(env.outboxDir)).find(
        (m) =>
          toAddress(m.parsed) === world.mentee.email &&
          /recap/.test(m.parsed.subject ?? '') &&
          /Your answer: Monday/.test(m.parsed.text ?? ''),
      ),
    );
    const digestText = (digest.parsed.text ?? '').replace(/\s+/g, ' ');
    expect(digestText).toContain('Your best reply day');
    expect(digestText).toMatch(/How was your week\? arrives Monday,? (16 March|March 16)/);
    // Staff move the programme to Wednesdays: the mentor follows, the mentee keeps the day chosen.
    await db.query(`UPDATE programmes SET send_weekday = 3 WHERE id = $1`, [world.programme.id]);
    await tick.tick(clock.set('2026-03-16T13:00:05Z'));
    expect(await nextPrompt(world.mentee.id)).toEqual({ week: 3, item: 0, at: '2026-03-23T13:00:00.000Z' });
    expect(await nextPrompt(world.mentor.id)).toEqual({ week: 3, item: 0, at: '2026-03-18T08:00:00.000Z' });
    expect(await db.getRepository(Participant).findOneByOrFail({ id: world.mentor.id })).toMatchObject({
      sendWeekday: null,
    });
  });

  it('holds a mentor-first step for a mentee whose day comes before the mentor’s, counting from the mentor’s', async () => {
    clock.set('2026-03-01T12:00:00Z');
    const pair = await createPairingWorld(running.app);
    await tick.tick(clock.now());
    // The mentee chose Sunday; the mentor keeps Tuesday. Week 5 is the mentor-first movie-club pick.
    await db.getRepository(Participant).update({ id: pair.mentee.id }, { sendWeekday: 7 });
    const rows = db.getRepository(Schedule);
    await rows.update(
      { participantId: pair.mentor.id, stream: 'prompt' },
      { week: 5, item: 0, weekStart: '2026-03-10', nextRunAt: new Date('2026-03-10T08:00:00Z') },
    );
    await rows.update(
      { participantId: pair.mentee.id, stream: 'prompt' },
      { week: 5, item: 0, weekStart: '2026-03-08', nextRunAt: new Date('2026-03-08T13:00:00Z') },
    );
    await tick.tick(clock.set('2026-03-08T13:00:05Z'));
    expect(await promptSteps(pair.mentee.id)).toEqual([]);
    // Two days after the mentee's own slot the mentor has had the step for five hours only.
    await tick.tick(clock.set('2026-03-10T08:00:05Z'));
    expect(await promptSteps(pair.mentor.id)).toEqual(['5.0']);
    await tick.tick(clock.set('2026-03-10T13:00:05Z'));
    expect(await promptSteps(pair.mentee.id)).toEqual([]);
    // The wait ends two days after the mentor's part went out.
    const held = await rows.findOneByOrFail({ participantId: pair.mentee.id, stream: 'prompt' });
    expect(held).toMatchObject({ week: 5, item: 0, waitingForMentor: true });
    expect(held.nextRunAt!.toISOString()).toBe('2026-03-12T08:00:00.000Z');
  });
});
