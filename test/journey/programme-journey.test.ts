import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { ChoiceService } from '../../src/choice/choice.service';
import { joinAddress } from '../../src/desk/desk-address';
import { ParticipantProfile } from '../../src/enrolment/entities/participant-profile.entity';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { PairingMember } from '../../src/programs/entities/pairing-member.entity';
import { Pairing } from '../../src/programs/entities/pairing.entity';
import { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { choiceProgramme, readyPerson } from '../factories/choice-people';
import { buildEmail, type SimpleEmail } from '../factories/emails';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

const quoted = (text: string) =>
  text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');

/**
 * A programme's whole life by email for one person, over real SMTP, as #14 asks: a stranger writes
 * to the join address, confirms with a Gmail reply, answers the questionnaire from Outlook, is
 * matched by the engine against the programme's mentors, chooses one by reply, the mentor says yes,
 * both are welcomed from their new relay address, and a first exchange goes through it with no real
 * address crossing over. Nobody logs in and nobody at the programme touches anything.
 */
describe('a programme by email, from the join address to a first exchange', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let port: number;
  let programme: Programme;
  let mentors: Participant[];
  const lucia = 'lucia.fernandez@people.example';

  beforeAll(async () => {
    env = await TestEnv.create();
    // The tick runs when the test says (below), not on a timer in the middle of a step.
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' });
    db = running.app.get(DataSource);
    port = running.app.get(SmtpListener).port!;
    programme = await choiceProgramme(running.app, 'Bridges', {
      joinEnabled: true,
      termsUrl: 'https://bridges.example/terms',
    });
    mentors = [
      await readyPerson(running.app, programme, {
        name: 'Jordan Reyes',
        role: 'mentor',
        languages: ['English', 'Spanish'],
        topics: ['software', 'communication'],
        goals: ['first-job'],
        industry: 'technology',
        bio: 'Engineering manager; I hire juniors every year.',
        timeZone: 'Europe/Madrid',
      }),
      await readyPerson(running.app, programme, {
        name: 'Priya Shah',
        role: 'mentor',
        languages: ['English'],
        topics: ['software'],
        bio: 'Backend developer, ten years in.',
      }),
      // No language in common with Lucía's: never suggested (a shared language is a hard rule).
      await readyPerson(running.app, programme, {
        name: 'Kenji Sato',
        role: 'mentor',
        languages: ['Japanese'],
        topics: ['software', 'communication'],
      }),
    ];
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  /** The newest email to `to` whose subject matches, once written. */
  const newest = (to: string, subject: RegExp) =>
    waitFor(async () => {
      const mails = (await readOutbox(env.outboxDir)).filter(
        (m) => toAddress(m.parsed) === to && subject.test(m.parsed.subject ?? ''),
      );
      return mails.length ? mails.at(-1)! : null;
    });

  /** Sends `mail` over SMTP; resolves with its recorded row once the pipeline decided it. */
  async function send(mail: SimpleEmail): Promise<InboundEmail> {
    const built = buildEmail(mail);
    const sent = await SmtpTestClient.sendOnce(port, { from: mail.from, to: [mail.to], raw: built.raw });
    expect(sent.data?.code).toBe(250);
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ messageId: built.messageId });
      return row && row.status !== 'received' ? row : null;
    });
  }

  const deskOf = (mail: OutboxEmail) => mail.parsed.from!.value[0].address!;
  const cites = (mail: OutboxEmail) => (mail.parsed.messageId ?? '').replace(/[<>]/g, '');

  it('joins, confirms, answers, chooses, is accepted, is welcomed and writes through the new relay address', async () => {
    // 1. First contact: a stranger writes to the programme's join address.
    const join = joinAddress(programme.slug, running.app.get(AppConfig).env.RELAY_DOMAIN);
    await send({
      from: lucia,
      fromName: 'Lucía Fernández',
      to: join,
      subject: 'Joining Bridges',
      text: 'Hello! I am a junior developer looking for a mentor.',
    });

    // 2. Double opt-in: a Gmail reply to the confirmation, quote and all.
    const confirmation = await newest(lucia, /confirm you want to join/);
    const desk = deskOf(confirmation);
    const confirmed = await send({
      from: lucia,
      to: desk,
      subject: `Re: ${confirmation.parsed.subject}`,
      inReplyTo: cites(confirmation),
      text: `Yes please!\n\nOn Sun, 6 Dec 2026 at 10:02, Bridges (MentorMail) <${desk}> wrote:\n${quoted(confirmation.parsed.text!)}`,
    });
    expect(confirmed.detail).toBe('confirmed by reply');

    // 3. The questionnaire, answered by number from Outlook, its header block and the email below.
    const questions = await newest(lucia, /A few questions/);
    const answered = await send({
      from: lucia,
      to: desk,
      subject: `RE: ${questions.parsed.subject}`,
      inReplyTo: cites(questions),
      text: [
        '1. Lucy',
        '2. Find a job, confidence',
        '3. Coding and public speaking',
        '4. tech',
        '5. Spanish, English',
        '6. Madrid',
        '7. Tuesday and Thursday evenings',
        '8. Self-taught developer from Seville.',
        '9. none',
        '',
        '________________________________',
        `From: Bridges (MentorMail) <${desk}>`,
        'Sent: Sunday, December 6, 2026 10:15 AM',
        `To: ${lucia}`,
        `Subject: ${questions.parsed.subject}`,
        '',
        questions.parsed.text!,
      ].join('\n'),
    });
    expect(answered.detail).toMatch(/profile complete/);
    await newest(lucia, /profile is complete/);
    const me = await db.getRepository(Participant).findOneByOrFail({ email: lucia });
    const profile = await db.getRepository(ParticipantProfile).findOneByOrFail({ participantId: me.id });
    expect(profile).toMatchObject({ roleWanted: 'mentee', topics: ['software', 'communication'] });
    expect(me.timeZone).toBe('Europe/Madrid');

    // 4. Matching: the engine suggests the mentors she may be paired with, best first, with why.
    await running.app.get(ChoiceService).run();
    const suggestions = await newest(lucia, /^Mentors for you to choose from$/);
    const offered = suggestions.parsed.text!;
    expect(offered).toMatch(/1\. Jordan/);
    expect(offered).toContain('Priya');
    expect(offered).not.toContain('Kenji');
    // First names only: no surname, no address of any mentor.
    for (const m of mentors) {
      expect(suggestions.raw).not.toContain(m.email);
      expect(offered).not.toContain(m.name.split(' ')[1]);
    }

    // 5. Her choice, by a Gmail reply: "1".
    const picked = await send({
      from: lucia,
      to: deskOf(suggestions),
      subject: 'Re: Mentors for you to choose from',
      inReplyTo: cites(suggestions),
      text: `1\n\nOn Sun, 6 Dec 2026 at 11:00, Bridges (MentorMail) <${deskOf(suggestions)}> wrote:\n${quoted(offered)}`,
    });
    expect(picked.detail).toBe('choice: picked 1');

    // 6. The mentor's yes, from Outlook.
    const jordan = mentors[0];
    const request = await newest(jordan.email, /would like you as their mentor$/);
    expect(request.raw).not.toContain(lucia);
    const yes = await send({
      from: jordan.email,
      to: deskOf(request),
      subject: `RE: ${request.parsed.subject}`,
      inReplyTo: cites(request),
      text: [
        'Yes, happy to!',
        '',
        `From: Bridges (MentorMail) <${deskOf(request)}>`,
        'Sent: Sunday, December 6, 2026 11:30 AM',
        `To: Jordan Reyes <${jordan.email}>`,
        `Subject: ${request.parsed.subject}`,
        '',
        request.parsed.text!,
      ].join('\n'),
    });
    expect(yes.detail).toBe('choice: accepted');

    // 7. An active pairing with its own relay address, and both welcomed from it.
    const member = await db.getRepository(PairingMember).findOneByOrFail({ participantId: me.id });
    const pairing = await db.getRepository(Pairing).findOneByOrFail({ id: member.pairingId });
    expect(pairing.status).toBe('active');
    await running.app.get(ScheduleTickService).tick();
    for (const address of [lucia, jordan.email]) {
      const welcome = await newest(address, /^Welcome to /);
      expect(welcome.parsed.from!.value[0].address).toBe(pairing.relayAddress);
    }

    // 8. The first exchange through the relay address: each sees the other's words, never their address.
    await send({
      from: lucia,
      to: pairing.relayAddress,
      subject: 'Hello Jordan',
      text: 'Thank you for saying yes! Could we talk on Tuesday evening?',
    });
    const toJordan = await newest(jordan.email, /Hello Jordan/);
    expect(toJordan.parsed.text).toContain('Could we talk on Tuesday evening?');
    expect(toJordan.raw).not.toContain(lucia);
    await send({
      from: jordan.email,
      to: pairing.relayAddress,
      subject: 'Re: Hello Jordan',
      inReplyTo: cites(toJordan),
      text: `Tuesday at 7 works for me.\n\nOn Sun, 6 Dec 2026, Lucy via Bridges wrote:\n${quoted(toJordan.parsed.text!)}`,
    });
    const toLucia = await newest(lucia, /Re: Hello Jordan/);
    expect(toLucia.parsed.text).toContain('Tuesday at 7 works for me.');
    expect(toLucia.raw).not.toContain(jordan.email);
  });
});
