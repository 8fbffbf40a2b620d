import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import type { Participant } from '../../src/programs/entities/participant.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { buildEmail } from '../factories/emails';
import { bare, readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { queueDigestNow } from '../support/digest-now';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { FakeClock } from '../prompts/fake-clock';
import { pairingAt } from '../prompts/pairing-at';

jest.setTimeout(90_000);

/**
 * What a participant writes reaches the others masked in the relayed copy; it must be masked
 * just the same where MentorMail repeats it in an email of its own: a circle digest lists each
 * thread's subject, and the mentee's part of a mentor-first step quotes the mentor's answer.
 */
describe("a member's words repeated outside the relayed copy hide addresses as the copy does", () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));
  const tag = randomBytes(3).toString('hex');

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  async function send(from: string, to: string, mail: { subject: string; text: string; inReplyTo?: string }) {
    const email = buildEmail({
      from,
      to,
      ...mail,
      ...(mail.inReplyTo ? { references: [mail.inReplyTo] } : {}),
    });
    await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, { from, to: [to], raw: email.raw });
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ messageId: email.messageId });
      return row && row.status !== 'received' ? row : null;
    });
  }

  const mailTo = (who: Participant, match: (m: OutboxEmail) => boolean) =>
    waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === who.email && match(m)),
    );
  const shown = (m: OutboxEmail) => `${m.parsed.subject}\n${m.parsed.text}\n${m.parsed.html}`;

  it("a circle digest lists a thread's subject with the address hidden, as the relayed copy does", async () => {
    const programs = running.app.get(ProgramsService);
    const programme = await programs.createProgramme(`Circles ${tag}`);
    const person = (name: string, role: 'mentor' | 'mentee') =>
      programs.addParticipant(programme.id, {
        name,
        email: `${name.split(' ')[0].toLowerCase()}.${tag}@home-mail.example`,
        role,
      });
    const lead = await person('Jordan Lead', 'mentor');
    const [ann, ben] = [await person('Ann Member', 'mentee'), await person('Ben Member', 'mentee')];
    const circle = await programs.createCircle(programme, 'Night owls', [lead], [ann, ben]);

    const subject = 'write to me at ann.lee@example.org';
    const settled = await send(ann.email, circle.relayAddress, { subject, text: 'My other address.' });
    expect(settled.status).toBe('accepted');
    const copy = await mailTo(ben, (m) => (m.parsed.text ?? '').includes('My other address.'));
    expect(copy.parsed.subject).toBe('write to me at [address hidden]');

    await queueDigestNow(running.app, ben, circle.id, 'subjects');
    const weekly = await mailTo(ben, (m) => (m.parsed.subject ?? '').includes('in Night owls'));
    expect(weekly.parsed.text).toMatch(/write to me at \[address hidden\]\s+Ann · 1 message/);
    expect(shown(weekly)).not.toContain('ann.lee');
    expect(shown(weekly)).not.toContain('example.org');
  });

  it("the mentee's part of a mentor-first step quotes the mentor's answer with the address hidden", async () => {
    const world = await pairingAt(running.app, clock, { week: 6, item: 0, day: '2026-03-03' });
    const tick = running.app.get(ScheduleTickService);
    await tick.tick(clock.set('2026-03-03T08:00:05Z'));
    const isTimeline = (m: OutboxEmail) =>
      (m.parsed.subject ?? '').startsWith('Week 6:') && (m.parsed.text ?? '').includes('Your ask:');
    const mentorPrompt = await mailTo(world.mentor, isTimeline);

    clock.set('2026-03-03T15:00:00Z');
    const answer = 'Shop job at 16.\nEvening course in IT.\nAsk me more at maria.private@home-mail.example';
    const settled = await send(world.mentor.email, world.pairing.relayAddress, {
      subject: `Re: ${mentorPrompt.parsed.subject}`,
      text: answer,
      inReplyTo: bare(mentorPrompt.parsed.messageId),
    });
    expect(settled.status).toBe('accepted');
    const copy = await mailTo(world.mentee, (m) => (m.parsed.text ?? '').includes('Evening course in IT'));
    expect(copy.parsed.text).toContain('Ask me more at [address hidden]');

    await tick.tick(clock.set('2026-03-03T15:00:30Z'));
    const menteePrompt = await mailTo(world.mentee, isTimeline);
    expect(menteePrompt.parsed.text).toContain('Evening course in IT');
    expect(menteePrompt.parsed.text).toContain('Ask me more at [address hidden]');
    expect(shown(menteePrompt)).not.toContain('maria.private');
  });
});
