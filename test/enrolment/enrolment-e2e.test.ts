import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { joinAddress } from '../../src/desk/desk-address';
import { ParticipantProfile } from '../../src/enrolment/entities/participant-profile.entity';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { buildEmail } from '../factories/emails';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

// Real PostgreSQL, Redis and SMTP on a shared machine.
jest.setTimeout(60_000);

/**
 * Enrolment over real SMTP, as a person lives it: they write to the join address, confirm by
 * replying, answer the questionnaire in two replies (one from Gmail, one from Outlook, each with
 * the quoted email below) and get a summary of their complete profile.
 */
describe('enrolment by email', () => {
  let env: TestEnv;
  let running: RunningApp;
  let port: number;
  let db: DataSource;
  let domain: string;
  let programme: Programme;
  const person = 'lucia.fernandez@people.example';

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start();
    port = running.app.get(SmtpListener).port!;
    db = running.app.get(DataSource);
    domain = running.app.get(AppConfig).env.RELAY_DOMAIN;
    programme = await running.app.get(ProgramsService).createProgramme('Bridges', {
      joinEnabled: true,
      termsUrl: 'https://bridges.example/terms',
      description: 'Bridges pairs people starting out in tech with experienced mentors.',
    });
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const send = (to: string, mail: Parameters<typeof buildEmail>[0]) =>
    SmtpTestClient.sendOnce(port, { from: mail.from, to: [to], raw: buildEmail(mail).raw });

  const settled = (subject: string) =>
    waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ subject });
      return row && row.status !== 'received' ? row : null;
    });

  /** The n-th email sent to `to` whose subject matches. */
  const received = (to: string, subject: RegExp) =>
    waitFor(async () => {
      const mails = (await readOutbox(env.outboxDir)).filter(
        (m) => toAddress(m.parsed) === to && subject.test(m.parsed.subject ?? ''),
      );
      return mails.length ? mails.at(-1)! : null;
    });

  const profile = async () => {
    const p = await db.getRepository(Participant).findOneByOrFail({ email: person });
    return {
      participant: p,
      profile: await db.getRepository(ParticipantProfile).findOneByOrFail({ participantId: p.id }),
    };
  };

  const gmailQuote = (mail: OutboxEmail) =>
    `\n\nOn Sun, 6 Dec 2026 at 10:02, Bridges (MentorMail) <${mail.parsed.from!.value[0].address}> wrote:\n` +
    mail.parsed
      .text!.split('\n')
      .map((l) => `> ${l}`)
      .join('\n');

  const outlookQuote = (mail: OutboxEmail) =>
    `\n\n________________________________\nFrom: Bridges (MentorMail) <${mail.parsed.from!.value[0].address}>\nSent: Sunday, December 6, 2026 10:15 AM\nTo: ${person}\nSubject: ${mail.parsed.subject}\n\n${mail.parsed.text}`;

  it('takes a stranger in at the join address, confirms by reply, and fills the profile from two quoted replies', async () => {
    const join = joinAddress(programme.slug, domain);
    await send(join, {
      from: person,
      fromName: 'Lucía Fernández',
      to: join,
      subject: 'Joining',
      text: 'Hi! I am a junior developer and I am looking for a mentor. My secret is 12345.',
    });
    const joined = await settled('Joining');
    expect([joined.status, joined.reason]).toEqual(['accepted', 'desk_answer']);

    // The confirmation: who writes, what the programme is, the terms, and exactly two ways to confirm.
    const confirmation = await received(person, /confirm you want to join Bridges/);
    const desk = confirmation.parsed.from!.value[0].address!;
    expect(desk).toMatch(/^desk-[a-z2-7]+@/);
    const text = confirmation.parsed.text!;
    expect(text).toContain('Hi Lucía, this is Bridges');
    expect(text).toContain('Bridges pairs people starting out in tech');
    expect(text).toContain('https://bridges.example/terms');
    expect(text).toContain('Reply to this email. Any reply counts as yes');
    const { profile: joinedProfile } = await profile();
    expect(text).toContain(`/confirm/${joinedProfile.confirmToken}`);
    expect(joinedProfile.confirmToken.length * 5).toBeGreaterThanOrEqual(80);
    // Never echo a stranger's text.
    expect(confirmation.raw).not.toContain('12345');
    expect(joinedProfile).toMatchObject({ source: 'join', roleWanted: 'mentee', confirmedAt: null });

    await send(desk, {
      from: person,
      to: desk,
      subject: 'Re: Please confirm',
      inReplyTo: confirmation.parsed.messageId!,
      text: `Yes, count me in!${gmailQuote(confirmation)}`,
    });
    expect((await settled('Re: Please confirm')).detail).toBe('confirmed by reply');
    const questions = await received(person, /A few questions/);
    expect((await profile()).profile.confirmedAt).not.toBeNull();
    expect(questions.parsed.text).toContain('3. Which topics and skills');

    // A remark is not an answer: nothing changes and the questions come again.
    await send(desk, {
      from: person,
      to: desk,
      subject: 'Re: A few questions (1)',
      inReplyTo: questions.parsed.messageId!,
      text: `Thanks, will do this weekend!${gmailQuote(questions)}`,
    });
    expect((await settled('Re: A few questions (1)')).detail).toMatch(/nothing usable/);
    const unreadable = await received(person, /could not read your answers/);
    expect(unreadable.parsed.text).toContain('I could not read that');
    expect(unreadable.parsed.text).toContain('1. What first name should we use for you?');
    expect((await profile()).participant.preferredName).toBeNull();

    // Gmail: some answers by number, the quote below.
    await send(desk, {
      from: person,
      to: desk,
      subject: 'Re: A few questions',
      inReplyTo: questions.parsed.messageId!,
      text: `1. Lucy\n2. Find a job, confidence\n3. Coding and public speaking\n4. tech\n5. Spanish, English\n6. I live in Madrid${gmailQuote(questions)}`,
    });
    expect((await settled('Re: A few questions')).detail).toMatch(/still missing/);
    const again = await received(person, /Still to answer/);
    expect(again.parsed.text).toContain('7. When are you usually free');
    expect(again.parsed.text).not.toContain('6. Where do you live');
    let saved = await profile();
    expect(saved.participant).toMatchObject({ preferredName: 'Lucy', timeZone: 'Europe/Madrid' });
    expect(saved.profile).toMatchObject({
      goals: ['first-job', 'confidence'],
      topics: ['software', 'communication'],
      industry: 'technology',
      languages: ['spanish', 'english'],
      profileCompletedAt: null,
    });

    // Outlook: the rest, by number, with its "From: ... Sent: ..." header block above the quote.
    await send(desk, {
      from: person,
      to: desk,
      subject: 'RE: Still to answer',
      inReplyTo: again.parsed.messageId!,
      text: `7. Tuesday and Thursday evenings\n8. Self-taught developer from Seville, two years into my first job.\n9. must speak Spanish, prefer someone who is first-generation${outlookQuote(again)}`,
    });
    expect((await settled('RE: Still to answer')).detail).toMatch(/profile complete/);
    const summary = await received(person, /profile is complete/);
    expect(summary.parsed.text).toContain('Tue 18:00-21:00, Thu 18:00-21:00');
    saved = await profile();
    expect(saved.profile.profileCompletedAt).not.toBeNull();
    expect(saved.profile).toMatchObject({
      availability: [
        { day: 'tue', from: '18:00', to: '21:00' },
        { day: 'thu', from: '18:00', to: '21:00' },
      ],
      bio: 'Self-taught developer from Seville, two years into my first job.',
      preferences: [
        { kind: 'background', value: 'spanish', hard: true },
        { kind: 'background', value: 'first-generation', hard: false },
      ],
      capacity: null,
    });
    // Nothing of the quoted emails was taken as an answer.
    expect(JSON.stringify(saved.profile.answers)).not.toMatch(/wrote:|Sent:/);
  });

  it('corrects an answer by number after #profile', async () => {
    const { participant } = await profile();
    const desk = `desk-${participant.deskKey}@${domain}`;
    await send(desk, { from: person, to: desk, subject: 'Show profile', text: '#profile' });
    expect((await settled('Show profile')).detail).toBe('#profile');
    const shown = await received(person, /Your profile for Bridges/);
    expect(shown.parsed.text).toContain('6. Time zone: Europe/Madrid');
    await send(desk, {
      from: person,
      to: desk,
      subject: 'Re: Your profile',
      inReplyTo: shown.parsed.messageId!,
      text: `6. Lisbon${gmailQuote(shown)}`,
    });
    expect((await settled('Re: Your profile')).detail).toMatch(/profile updated/);
    await received(person, /Your profile is updated/);
    expect((await profile()).participant.timeZone).toBe('Europe/Lisbon');
  });

  it('takes a clear no to the confirmation: nothing more is sent', async () => {
    const join = joinAddress(programme.slug, domain);
    const other = 'not.me@people.example';
    await send(join, { from: other, to: join, subject: 'Mentor here', text: 'I would love to mentor.' });
    await settled('Mentor here');
    const confirmation = await received(other, /confirm you want to join/);
    const desk = confirmation.parsed.from!.value[0].address!;
    await send(desk, {
      from: other,
      to: desk,
      subject: 'Re: confirm',
      inReplyTo: confirmation.parsed.messageId!,
      text: `No thanks.${gmailQuote(confirmation)}`,
    });
    expect((await settled('Re: confirm')).detail).toBe('declined the invitation');
    const p = await db.getRepository(Participant).findOneByOrFail({ email: other });
    const saved = await db.getRepository(ParticipantProfile).findOneByOrFail({ participantId: p.id });
    expect(saved).toMatchObject({ roleWanted: 'mentor', confirmedAt: null });
    expect(saved.declinedAt).not.toBeNull();
    expect((await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === other)).toHaveLength(1);
  });

  it('answers the same address at the join address with its stage, at most once a day', async () => {
    const join = joinAddress(programme.slug, domain);
    await send(join, { from: person, to: join, subject: 'Join again', text: 'hello again' });
    expect((await settled('Join again')).detail).toBe('already enrolling; reminded of their stage');
    await send(join, { from: person, to: join, subject: 'Join thrice', text: 'hello again' });
    expect((await settled('Join thrice')).detail).toBe('already enrolling; reminded within 24 h');
    expect(await db.getRepository(Participant).countBy({ email: person })).toBe(1);
  });
});
